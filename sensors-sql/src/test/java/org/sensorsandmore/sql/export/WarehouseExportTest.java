package org.sensorsandmore.sql.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sensorsandmore.sql.testing.Fixtures.mondays;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.testing.Fixtures;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

class WarehouseExportTest {
    @TempDir
    Path dir;

    private static long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theFourViewsAreWrittenAsHivePartitionedParquetAndCsvThatDuckDbReadsBack() throws Exception {
        Path out = dir.resolve("out");
        List<Reading> readings = new ArrayList<>(mondays(0, 1));
        readings.add(Reading.ok("Paris", 0, Fixtures.monday(0).atTime(9, 0), 12));
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(readings);

            ExportResult result = warehouse.export(out, FailurePolicy.EXCLUDE);

            assertThat(result.rows())
                    .isEqualTo(Map.of(
                            View.SENSOR_HOURLY,
                            97L,
                            View.SENSOR_DAILY,
                            5L,
                            View.STORE_HOURLY,
                            49L,
                            View.STORE_DAILY,
                            3L));
            for (View view : View.values()) {
                Path parquet = out.resolve(view.tableName() + ".parquet");
                assertThat(parquet.resolve("store=Lyon")).isDirectory();
                assertThat(parquet.resolve("store=Paris")).isDirectory();
                assertThat(count("SELECT COUNT(*) FROM read_parquet('" + parquet
                                + "/**/*.parquet', hive_partitioning = true)"))
                        .isEqualTo(result.rows().get(view));
                assertThat(count("SELECT COUNT(*) FROM read_csv('" + out.resolve(view.tableName() + ".csv") + "')"))
                        .isEqualTo(result.rows().get(view));
            }
            assertThat(count("SELECT SUM(visits) FROM read_parquet('" + out.resolve("store_daily.parquet")
                            + "/**/*.parquet', hive_partitioning = true) WHERE store = 'Lyon'"))
                    .isEqualTo(72L + 144L);
            assertThat(Files.readAllLines(out.resolve("store_daily.csv")).get(0))
                    .isEqualTo("store,date,weekday,visits,readings,failed,baseline,pct_diff,complete");
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).allMatch(name -> !name.startsWith("."));
            }
        }
    }

    @Test
    void aSecondExportReplacesTheFirstWithoutLeftovers() throws Exception {
        Path out = dir.resolve("out");
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0));
            warehouse.export(out, FailurePolicy.EXCLUDE);
            warehouse.ingest(List.of(Reading.ok("Oslo", 0, Fixtures.monday(0).atTime(9, 0), 1)));
            warehouse.ingest(mondays(1));

            warehouse.export(out, FailurePolicy.LEGACY_ZERO);

            assertThat(count("SELECT COUNT(*) FROM read_csv('" + out.resolve("sensor_daily.csv") + "')"))
                    .isEqualTo(5);
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder(
                                "sensor_hourly.parquet",
                                "sensor_daily.parquet",
                                "store_hourly.parquet",
                                "store_daily.parquet",
                                "sensor_hourly.csv",
                                "sensor_daily.csv",
                                "store_hourly.csv",
                                "store_daily.csv");
            }
        }
    }

    @Test
    void anExportFollowsALinkWritesIntoAFifoAndReplacesNeither() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path real =
                Files.writeString(Files.createDirectories(dir.resolve("shared")).resolve("daily.csv"), "old");
        Path link = Files.createSymbolicLink(out.resolve("store_daily.csv"), real);
        Path fifo = out.resolve("sensor_daily.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        CompletableFuture<Long> piped = new CompletableFuture<>();
        // Its own thread: opening a FIFO blocks until the export opens it too.
        Thread reader = new Thread(() -> {
            // Not Files.lines: on a FIFO it opens the file a second time, after the export closed it.
            try (BufferedReader lines = Files.newBufferedReader(fifo)) {
                piped.complete(lines.lines().count());
            } catch (IOException | RuntimeException e) {
                piped.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0, 1));

            ExportResult result = warehouse.export(out, FailurePolicy.EXCLUDE, Set.of(ExportFormat.CSV));

            assertThat(Files.isSymbolicLink(link)).isTrue();
            assertThat(count("SELECT COUNT(*) FROM read_csv('" + real + "')"))
                    .isEqualTo(result.rows().get(View.STORE_DAILY));
            assertThat(piped.get(30, TimeUnit.SECONDS))
                    .isEqualTo(1 + result.rows().get(View.SENSOR_DAILY));
            assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
        }
    }

    @Test
    void anExportRefusesAFolderWhereAFileGoesAndKeepsIt() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path folder = Files.createDirectories(out.resolve("store_daily.csv"));
        Files.writeString(folder.resolve("notes.txt"), "mine");
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(mondays(0));

            assertThatThrownBy(() -> warehouse.export(out, FailurePolicy.EXCLUDE, Set.of(ExportFormat.CSV)))
                    .isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("store_daily.csv")
                    .hasMessageContaining("it is a folder");
        }
        assertThat(folder.resolve("notes.txt")).hasContent("mine");
    }

    /** The rows of every file under a folder, file by file in name order, each file in its own order. */
    private static List<String> rowsInFileOrder(Path folder) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (Path file : files) {
                rows.add(folder.relativize(file.getParent()).toString());
                try (ResultSet rs = statement.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void oneFormatWritesOnlyItsFilesWithTheSameRowsInTheSameOrderAsBoth() throws Exception {
        List<Reading> readings = new ArrayList<>(mondays(0, 1, 2, 3, 4));
        readings.removeIf(
                r -> r.sensorId() == 1 && r.hour().equals(Fixtures.monday(3).atTime(10, 0)));
        readings.add(Reading.failed(Fixtures.STORE, 1, Fixtures.monday(3).atTime(10, 0)));
        readings.add(Reading.ok("Paris", 0, Fixtures.monday(2).atTime(9, 0), 12));
        Path both = dir.resolve("both");
        Path parquet = dir.resolve("parquet");
        Path csv = dir.resolve("csv");
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(readings);

            ExportResult all = warehouse.export(both, FailurePolicy.LEGACY_ZERO);
            ExportResult parquetOnly =
                    warehouse.export(parquet, FailurePolicy.LEGACY_ZERO, Set.of(ExportFormat.PARQUET));
            ExportResult csvOnly = warehouse.export(csv, FailurePolicy.LEGACY_ZERO, Set.of(ExportFormat.CSV));

            assertThat(parquetOnly.rows()).isEqualTo(all.rows());
            assertThat(csvOnly.rows()).isEqualTo(all.rows());
            assertThatThrownBy(() -> warehouse.export(csv, FailurePolicy.EXCLUDE, Set.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (View view : View.values()) {
            String name = view.tableName();
            assertThat(Files.mismatch(both.resolve(name + ".csv"), csv.resolve(name + ".csv")))
                    .as(name)
                    .isEqualTo(-1L);
            assertThat(rowsInFileOrder(parquet.resolve(name + ".parquet")))
                    .as(name)
                    .containsExactlyElementsOf(rowsInFileOrder(both.resolve(name + ".parquet")))
                    .hasSizeGreaterThan(2);
        }
        try (Stream<Path> files = Files.list(parquet)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(name -> name.endsWith(".parquet"));
        }
        try (Stream<Path> files = Files.list(csv)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(name -> name.endsWith(".csv"));
        }
    }

    @Test
    void rawReadingsParquetReadsBackInDuckDbParquetHadoopAndTheWarehouse() throws Exception {
        Path file = dir.resolve("raw").resolve("readings.parquet");
        List<Reading> readings = new ArrayList<>(mondays(0));
        readings.removeIf(r -> r.sensorId() == 1 && r.hour().getHour() == 10);
        readings.add(Reading.failed(Fixtures.STORE, 1, Fixtures.monday(0).atTime(10, 0)));
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"))) {
            warehouse.ingest(readings);

            assertThat(warehouse.exportReadings(file)).isEqualTo(48);
        }

        assertThat(count(
                        "SELECT COUNT(*) FROM read_parquet('" + file + "') WHERE visits IS NULL AND status = 'FAILED'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM read_parquet('" + file
                        + "') WHERE hour = TIMESTAMP '2024-07-01 10:00:00'"))
                .isEqualTo(2);

        List<Group> groups = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    groups.add(records.read());
                }
            }
        }
        assertThat(groups).hasSize(48);
        assertThat(groups.get(0).getString("store", 0)).isEqualTo("Lyon");
        assertThat(groups.get(0).getInteger("visits", 0)).isEqualTo(1);

        try (Warehouse copy = Warehouse.inMemory()) {
            assertThat(copy.ingestParquet(file)).isEqualTo(new IngestResult(48, 48));
            assertThat(copy.query(ViewQuery.of(View.STORE_DAILY)))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.visits()).isEqualTo(72L - 2);
                        assertThat(row.failed()).isEqualTo(1);
                    });
        }
    }

    @Test
    void aMissingParquetFileIsReportedByName() {
        try (Warehouse warehouse = Warehouse.inMemory()) {
            assertThatThrownBy(() -> warehouse.ingestParquet(dir.resolve("nope.parquet")))
                    .isInstanceOf(WarehouseException.class)
                    .hasMessageContaining("nope.parquet");
        }
    }
}
