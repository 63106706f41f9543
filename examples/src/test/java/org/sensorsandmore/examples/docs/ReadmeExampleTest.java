package org.sensorsandmore.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Java example is {@code QuickStart.java}, which the build compiles, as it is. */
class ReadmeExampleTest {
    @Test
    void readmeShowsQuickStartFromItsImportsOn() throws IOException {
        Path root = RepositoryFiles.root();
        String source = Files.readString(
                root.resolve("examples/src/main/java/org/sensorsandmore/examples/QuickStart.java"),
                StandardCharsets.UTF_8);
        String shown = source.substring(source.indexOf("import ")).stripTrailing();
        assertThat(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8))
                .as("README.md's Java example must be QuickStart.java from its first import on;"
                        + " copy the file's text into the README's ```java block")
                .contains("```java\n" + shown + "\n```\n");
    }
}
