package org.sensorsandmore.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void aFailureWithAMessageIsToldByIt() {
        assertThat(Messages.oneLine(new IllegalStateException("the store is closed", new IOException("disk"))))
                .isEqualTo("the store is closed");
    }

    @Test
    void wrappersAreToldByTheirCauseWithoutItsTypeName() {
        // Java gives a wrapper made of its cause alone the cause's type and message as its own.
        UncheckedIOException wrapped = new UncheckedIOException(new IOException("No space left on device"));
        assertThat(wrapped.getMessage()).startsWith("java.io.IOException");

        assertThat(Messages.oneLine(wrapped)).isEqualTo("No space left on device");
        assertThat(Messages.oneLine(new RuntimeException(new RuntimeException(new NoSuchFileException("/data/x")))))
                .isEqualTo("/data/x");
        assertThat(Messages.oneLine(new RuntimeException(null, new IOException("closed"))))
                .isEqualTo("closed");
    }

    @Test
    void aFailureWithoutAnyMessageIsToldByItsTypeAndLinesAreJoined() {
        assertThat(Messages.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(Messages.oneLine(new IOException("first\nsecond\rthird"))).isEqualTo("first second third");
    }
}
