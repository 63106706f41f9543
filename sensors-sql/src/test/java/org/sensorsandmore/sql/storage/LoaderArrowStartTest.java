package org.sensorsandmore.sql.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * An ingest writes its sensor-day rows through Arrow when they are {@link Loader#ARROW_ROWS} or
 * more, through the Appender otherwise: a small one never starts Arrow, and a large one stores what
 * the Appender alone stores, straight in or merged, the last reading for a key winning.
 */
class LoaderArrowStartTest {
    private static final LocalDateTime START = LocalDateTime.of(2024, 7, 1, 0, 0);

    @TempDir
    Path dir;

    @AfterEach
    void enableArrow() {
        System.clearProperty(ArrowStager.DISABLE_PROPERTY);
    }

    @Test
    void aSmallIngestNeverStartsArrow() {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            int before = ArrowStager.STARTED.get();
            List<Reading> hour = hours(0, 1, 400);
            assertThat(warehouse.ingest(hour)).isEqualTo(new IngestResult(4_000, 4_000));
            assertThat(warehouse.ingest(hours(1, 2, 400))).isEqualTo(new IngestResult(4_000, 4_000));
            assertThat(ArrowStager.STARTED.get()).isEqualTo(before);
        }
    }

    @Test
    void aLargeIngestStoresWhatTheAppenderAloneStoresStraightIn() {
        // New hours only: the first day's rows are merged with the day stored before (through the
        // Appender: fewer than ARROW_ROWS), the later days' go straight in through Arrow.
        List<Reading> readings = hours(1, 120, 200);
        assertThat(readings.size() / 24).isGreaterThan(Loader.ARROW_ROWS);
        assertSameAsTheAppenderAlone(List.of(hours(0, 1, 200), readings));
    }

    @Test
    void aLargeIngestStoresWhatTheAppenderAloneStoresStaged() {
        // Stored hours given again, changed, and a key given twice: the first time through the
        // Appender, the second, which wins, through Arrow.
        List<Reading> again = new ArrayList<>();
        again.add(Reading.ok("Store 7", 3, START.plusHours(2), 1_234));
        again.addAll(changed(hours(0, 120, 200)));
        again.add(Reading.failed("Store 7", 3, START.plusHours(2)));
        assertSameAsTheAppenderAlone(List.of(hours(0, 60, 200), again));
    }

    private void assertSameAsTheAppenderAlone(List<List<Reading>> ingests) {
        List<IngestResult> results = new ArrayList<>();
        List<Object> stored = new ArrayList<>();
        int before = ArrowStager.STARTED.get();
        try (Warehouse warehouse = Warehouse.open(dir.resolve("arrow.duckdb"))) {
            ingests.forEach(readings -> results.add(warehouse.ingest(readings)));
            stored.add(warehouse.coverage());
            for (View view : View.values()) {
                stored.add(warehouse.query(ViewQuery.of(view)));
            }
        }
        assertThat(ArrowStager.STARTED.get()).as("stagers started").isGreaterThan(before);

        System.setProperty(ArrowStager.DISABLE_PROPERTY, "true");
        try (Warehouse warehouse = Warehouse.open(dir.resolve("appender.duckdb"))) {
            for (int i = 0; i < ingests.size(); i++) {
                assertThat(warehouse.ingest(ingests.get(i))).isEqualTo(results.get(i));
            }
            List<Object> expected = new ArrayList<>();
            expected.add(warehouse.coverage());
            for (View view : View.values()) {
                expected.add(warehouse.query(ViewQuery.of(view)));
            }
            assertThat(stored).isEqualTo(expected);
        }
    }

    /** Ten sensors of each store, each hour from {@code from} to {@code to} (exclusive), in hour order. */
    private static List<Reading> hours(int from, int to, int stores) {
        List<Reading> readings = new ArrayList<>();
        for (int h = from; h < to; h++) {
            for (int store = 0; store < stores; store++) {
                for (int sensor = 0; sensor < 10; sensor++) {
                    readings.add(Reading.ok(
                            "Store " + store, sensor, START.plusHours(h), (h * 31 + store * 7 + sensor) % 97));
                }
            }
        }
        return readings;
    }

    /** Every third reading with other visits. */
    private static List<Reading> changed(List<Reading> readings) {
        List<Reading> changed = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            changed.add(
                    i % 3 == 0
                            ? Reading.ok(reading.store(), reading.sensorId(), reading.hour(), reading.visits() + 5)
                            : reading);
        }
        return changed;
    }
}
