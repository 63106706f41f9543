package org.sensorsandmore.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sensorsandmore.sql.testing.Fixtures.STORE;
import static org.sensorsandmore.sql.testing.Fixtures.monday;
import static org.sensorsandmore.sql.testing.Fixtures.mondays;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.sql.storage.Loader;
import org.sensorsandmore.sql.storage.Schema;
import org.sensorsandmore.sql.testing.Fixtures;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

class WarehouseIngestTest {
    @TempDir
    Path dir;

    @Test
    void theSameWindowIngestedTwiceWritesNothingTheSecondTime() {
        HourWindow window = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 3));
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"));
                SimulatedClient client = SimulatedClient.of(new ClassicModel(), StoreNetwork.original())) {
            long expected = 39L * 48;

            assertThat(warehouse.ingest(client, window)).isEqualTo(new IngestResult(expected, expected));
            assertThat(warehouse.ingest(client, window)).isEqualTo(new IngestResult(expected, 0));
            assertThat(warehouse.coverage())
                    .extracting(StoreCoverage::readings)
                    .containsExactly(48L * 6, 48L * 8, 48L * 1, 48L * 20, 48L * 4);
            assertThat(warehouse.coverage().stream()
                            .mapToLong(StoreCoverage::readings)
                            .sum())
                    .isEqualTo(expected);
            assertThat(warehouse.storedReadings()).isEqualTo(expected);
        }
    }

    @Test
    void aLaterValueForTheSameKeyReplacesTheStoredOne() {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0));
            Reading correction = Reading.ok(STORE, 1, monday(0).atTime(10, 0), 999);

            assertThat(warehouse.ingest(List.of(correction))).isEqualTo(new IngestResult(1, 1));

            List<ViewRow> rows = warehouse.query(
                    ViewQuery.of(View.SENSOR_HOURLY).withSensors(Set.of(1)).withHours(10, 10));
            assertThat(rows).extracting(ViewRow::visits).containsExactly(999L);
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).hasSize(48);
        }
    }

    @Test
    void withinOneIngestTheLastReadingForAKeyWins() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            ReadingBatch batch = ReadingBatch.create(4);
            batch.add(Reading.ok(STORE, 0, monday(0).atTime(9, 0), 5));
            batch.add(Reading.failed(STORE, 0, monday(0).atTime(9, 0)));
            batch.add(Reading.ok(STORE, 0, monday(0).atTime(9, 0), 7));

            assertThat(warehouse.ingest(batch)).isEqualTo(new IngestResult(3, 1));
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY)))
                    .extracting(ViewRow::visits)
                    .containsExactly(7L);
        }
    }

    @Test
    void aLaterBatchRepeatingAKeyOfAnEarlierOneOrAStoredOneStillReplacesIt() {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0));
            // The first batch is all new hours. The second repeats one of its keys, corrects a stored
            // reading and adds a new one.
            ReadingBatch fresh = ReadingBatch.create(24);
            for (int hour = 0; hour < 24; hour++) {
                fresh.add(Reading.ok(STORE, 0, monday(1).atTime(hour, 0), hour));
            }
            ReadingBatch repeats = ReadingBatch.create(3);
            repeats.add(Reading.ok(STORE, 0, monday(1).atTime(5, 0), 500));
            repeats.add(Reading.ok(STORE, 1, monday(0).atTime(10, 0), 999));
            repeats.add(Reading.failed(STORE, 1, monday(1).atTime(0, 0)));
            TrafficClient twoBatches = new TrafficClient() {
                @Override
                public StoreNetwork network() {
                    return StoreNetwork.original();
                }

                @Override
                public void readings(HourWindow window, Collection<String> stores, ReadingSink sink) {
                    sink.accept(fresh);
                    sink.accept(repeats);
                }
            };

            IngestResult result = warehouse.ingest(twoBatches, HourWindow.of(monday(0), monday(2)));

            // The repeated key is one reading written, with its last value.
            assertThat(result).isEqualTo(new IngestResult(27, 24 + 2));
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY)
                            .withSensors(Set.of(0))
                            .withDates(monday(1), monday(1).plusDays(1))))
                    .extracting(ViewRow::visits)
                    .hasSize(24)
                    .contains(500L)
                    .doesNotContain(5L);
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY)
                            .withSensors(Set.of(1))
                            .withDates(monday(0), monday(0).plusDays(1))
                            .withHours(10, 10)))
                    .extracting(ViewRow::visits)
                    .containsExactly(999L);
            assertThat(warehouse.coverage().stream()
                            .mapToLong(StoreCoverage::readings)
                            .sum())
                    .isEqualTo(48 + 24 + 1)
                    .isEqualTo(warehouse.storedReadings());
        }
    }

    @Test
    void aFailureAfterWholeChunksWentStraightIntoTheTableLeavesTheDatabaseAsItWas() {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0));
            int before = Loader.FLUSH_ROWS + 1000;
            // New keys after the stored hours, each on a sensor-day of its own: the rows gathered
            // are written into the table before the source breaks.
            Iterable<Reading> failing = breaksAfter(
                    before,
                    k -> Reading.ok(STORE, k / 2_000, monday(1).atStartOfDay().plusDays(k % 2_000), 1));

            assertThatThrownBy(() -> warehouse.ingest(failing)).hasMessageContaining("source broke");
            assertThat(warehouse.coverage())
                    .singleElement()
                    .extracting(StoreCoverage::readings)
                    .isEqualTo(48L);
            assertThat(warehouse.ingest(mondays(1))).isEqualTo(new IngestResult(48, 48));
        }
    }

    @Test
    void aFailedIngestLeavesTheDatabaseAsItWas() {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0));
            Iterable<Reading> failing = breaksAfter(
                    5000, k -> Reading.ok(STORE, 0, monday(1).atTime(0, 0).plusHours(k + 1), 1));

            assertThatThrownBy(() -> warehouse.ingest(failing)).hasMessageContaining("source broke");
            assertThat(warehouse.coverage())
                    .singleElement()
                    .extracting(StoreCoverage::readings)
                    .isEqualTo(48L);
        }
    }

    @Test
    void dataSurvivesReopeningAndTheSchemaIsVersioned() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(0));
        }
        try (Warehouse warehouse = Warehouse.open(file)) {
            assertThat(warehouse.coverage()).singleElement().satisfies(c -> {
                assertThat(c.sensorIds()).containsExactly(0, 1);
                assertThat(c.firstHour()).isEqualTo(monday(0).atStartOfDay());
                assertThat(c.lastHour()).isEqualTo(monday(0).atTime(23, 0));
                assertThat(c.readings()).isEqualTo(48);
            });
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT MAX(version), COUNT(*) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Schema.CURRENT);
            assertThat(rs.getInt(2)).isEqualTo(Schema.CURRENT); // one row per migration applied
        }
    }

    @Test
    void aDatabaseFromANewerLibraryIsRefusedNamingItsVersion() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(0));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version (version) VALUES (99)");
        }

        assertOpenRefused(file).hasMessageContaining("schema version 99");
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedByName() throws Exception {
        Path file = Files.writeString(dir.resolve("not.duckdb"), "hello");

        assertOpenRefused(file).hasMessageContaining("not.duckdb");
    }

    @Test
    void aShortCsvFileIsRefusedAsNotADatabaseAndLeftAsItWas() throws Exception {
        Path file = Files.writeString(dir.resolve("latest.csv"), "a,b\n1,2\n");

        assertOpenRefused(file)
                .hasMessage("Cannot open the database " + file
                        + ": it is not a DuckDB database (it does not start with DuckDB's header)");
        assertThat(file).hasContent("a,b\n1,2\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aTruncatedDatabaseIsRefusedAtOpenWithoutGrowingIt() throws Exception {
        Path whole = dir.resolve("whole.duckdb");
        try (Warehouse warehouse = Warehouse.open(whole)) {
            warehouse.ingest(mondays(0));
        }
        Path cut = dir.resolve("cut.duckdb");
        try (var in = Files.newInputStream(whole)) {
            Files.write(cut, in.readNBytes(300_000));
        }

        assertOpenRefused(cut)
                .hasMessageStartingWith("Cannot open the database " + cut + ": the file is truncated: table ")
                .hasMessageContaining("and its 300,000 bytes hold 1 blocks")
                .hasMessageEndingWith("(restore it from a copy, or move it away to start afresh)");
        assertThat(cut).hasSize(300_000);
        assertThat(dir.resolve("cut.duckdb.views")).doesNotExist();
        assertThat(dir.resolve("cut.duckdb.wal")).doesNotExist();
        // The whole file passes the same check.
        try (Warehouse warehouse = Warehouse.open(whole)) {
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).isNotEmpty();
        }
    }

    @Test
    void aDatabaseWhoseFreeBlocksDuckDbCutOffOpens() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            // Blocks in use, then freed: DuckDB shortens the file, its header still counts them.
            statement.execute("CREATE TABLE scratch AS SELECT range AS i, random() AS r FROM range(3000000)");
            statement.execute("CHECKPOINT");
            statement.execute("DROP TABLE scratch");
            statement.execute("CHECKPOINT");
        }

        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(0));
        }
        try (Warehouse warehouse = Warehouse.open(file)) {
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).isNotEmpty();
        }
    }

    @Test
    void aFolderIsRefusedAsADatabase() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder.duckdb"));

        assertOpenRefused(folder).hasMessage("Cannot open the database " + folder + ": it is a folder");
    }

    @Test
    void aStoreNameASpreadsheetWouldRunIsRefusedAtIngestNotRewritten() throws Exception {
        Path parquet = dir.resolve("formula.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT '@cmd' AS store, 0 AS sensor_id, TIMESTAMP '2024-07-01 09:00' AS hour,"
                    + " 'OK' AS status, 1 AS visits, false AS anomaly) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0));

            assertThatThrownBy(() -> warehouse.ingest(
                            List.of(Reading.ok("=HYPERLINK(\"x\")", 0, monday(0).atTime(9, 0), 1))))
                    .isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("Cannot store readings of store '=HYPERLINK(\"x\")': A store name must not"
                            + " start with '=', which spreadsheets run as a formula");
            assertThatThrownBy(() -> warehouse.ingestParquet(parquet))
                    .isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("Cannot store readings of store '@cmd'");

            // Nothing of either is stored; what was there is untouched.
            assertThat(warehouse.coverage()).extracting(StoreCoverage::store).containsExactly(STORE);
        }
    }

    @Test
    void theOriginalCsvIsIngestedWithItsDirtyRowsReported() {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            CsvIngestResult result = warehouse.ingestCsv(Fixtures.originalDataset());

            assertThat(result.csv().rowsRead()).isEqualTo(35_217);
            assertThat(result.csv().rowsRejected()).isEqualTo(356);
            assertThat(result.csv().rejectedRows().get(0).lineNumber()).isGreaterThan(1);
            assertThat(result.ingest()).isEqualTo(new IngestResult(34_861, 34_861));
            assertThat(warehouse.query(ViewQuery.of(View.SENSOR_HOURLY))).hasSize(34_861);
            assertThat(warehouse.ingestCsv(Fixtures.originalDataset()).ingest().written())
                    .isZero();
        }
    }

    @Test
    void queriesRunWhileAnotherThreadIngests() throws Exception {
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"));
                SimulatedClient client = SimulatedClient.of(new ClassicModel(), StoreNetwork.original())) {
            warehouse.ingest(mondays(0));
            Thread writer = new Thread(() -> {
                for (int day = 1; day <= 10; day++) {
                    warehouse.ingest(client, HourWindow.of(LocalDate.of(2024, 7, day), LocalDate.of(2024, 7, day + 1)));
                }
            });
            writer.start();
            List<Thread> readers = new java.util.ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            for (int t = 0; t < 3; t++) {
                Thread reader = new Thread(() -> {
                    try {
                        for (int i = 0; i < 10; i++) {
                            // Each day is committed whole: a store day is never seen half-ingested.
                            warehouse
                                    .query(ViewQuery.of(View.STORE_DAILY).withStores(Set.of("Paris")))
                                    .forEach(row -> assertThat(row.readings()).isEqualTo(20 * 24));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                readers.add(reader);
                reader.start();
            }
            writer.join();
            for (Thread reader : readers) {
                reader.join();
            }
            assertThat(failures).isEmpty();
            assertThat(warehouse.query(ViewQuery.of(View.STORE_DAILY).withStores(Set.of("Paris"))))
                    .hasSize(10);
        }
    }

    /** Readings {@code reading(0)}, {@code reading(1)}, … until {@code count} were given; then it breaks. */
    private static Iterable<Reading> breaksAfter(int count, IntFunction<Reading> reading) {
        return () -> new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Reading next() {
                if (n == count) {
                    throw new IllegalStateException("source broke");
                }
                return reading.apply(n++);
            }
        };
    }

    /** Opening the file fails with a {@link WarehouseException}, whose message the caller checks. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertOpenRefused(Path file) {
        return assertThatThrownBy(() -> Warehouse.open(file)).isInstanceOf(WarehouseException.class);
    }
}
