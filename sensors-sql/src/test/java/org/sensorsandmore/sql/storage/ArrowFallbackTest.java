package org.sensorsandmore.sql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sensorsandmore.sql.testing.Fixtures.STORE;
import static org.sensorsandmore.sql.testing.Fixtures.monday;
import static org.sensorsandmore.sql.testing.Fixtures.mondays;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/** The Appender path, taken when the JVM does not open java.nio to Arrow, stores the same thing. */
class ArrowFallbackTest {
    @TempDir
    Path dir;

    @BeforeEach
    void disableArrow() {
        System.setProperty(ArrowStager.DISABLE_PROPERTY, "true");
    }

    @AfterEach
    void enableArrow() {
        System.clearProperty(ArrowStager.DISABLE_PROPERTY);
    }

    @Test
    void arrowIsAvailableInTheseTestsUnlessDisabled() {
        assertThat(ArrowStager.available()).isFalse();
        System.clearProperty(ArrowStager.DISABLE_PROPERTY);
        assertThat(ArrowStager.available()).isTrue();
    }

    @Test
    void aJvmThatDoesNotOpenJavaNioIngestsThroughTheAppenderWithoutPrintingAStackTrace() throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        IngestWithoutOpens.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("stored 96").doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Run in a JVM of its own, started without {@code --add-opens}. */
    static final class IngestWithoutOpens {
        public static void main(String[] args) {
            try (Warehouse warehouse = Warehouse.inMemory()) {
                System.out.println("arrow " + ArrowStager.available());
                System.out.println("stored " + warehouse.ingest(mondays(0, 1)).written());
            }
        }
    }

    @Test
    void theAppenderPathUpsertsAndKeepsTheLastReadingForAKey() {
        List<Reading> readings = new ArrayList<>(mondays(0, 1));
        readings.add(Reading.failed(STORE, 0, monday(1).atTime(10, 0)));
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            assertThat(warehouse.ingest(readings)).isEqualTo(new IngestResult(97, 96));
            assertThat(warehouse.ingest(readings)).isEqualTo(new IngestResult(97, 0));

            ViewRow day = warehouse.query(ViewQuery.of(View.STORE_DAILY)).get(1);
            assertThat(day.visits()).isEqualTo(144L - 2);
            assertThat(day.failed()).isEqualTo(1);
        }
    }
}
