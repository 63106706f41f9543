package org.sensorsandmore.sql.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.MaterializedViews;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

class PublishedViewsTest {
    private static final LocalDate FROM = LocalDate.of(2024, 7, 1);

    @TempDir
    Path dir;

    @Test
    void publishedViewsAnswerWhatTheWarehouseAnswersAfterEveryCommit() {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(3), StoreNetwork.original());
                PublishedViews views = PublishedViews.open(PublishedViews.folderOf(file))) {
            assertThat(views.query(ViewQuery.of(View.STORE_DAILY))).isEmpty();
            warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(40)));
            assertSame(warehouse, views);
            long generation = views.generation();
            // The next hours, and a correction weeks back: both show after their commit.
            warehouse.ingest(
                    client,
                    HourWindow.of(
                            FROM.plusDays(40).atStartOfDay(), FROM.plusDays(40).atTime(5, 0)));
            warehouse.ingest(List.of(org.sensorsandmore.core.Reading.failed(
                    "Paris", 1, FROM.plusDays(20).atTime(12, 0))));
            assertThat(views.generation()).isGreaterThan(generation);
            assertSame(warehouse, views);
            assertThat(views.coverage()).isEqualTo(warehouse.coverage());
        }
    }

    private static void assertSame(Warehouse warehouse, PublishedViews views) {
        for (View view : View.values()) {
            for (FailurePolicy policy : FailurePolicy.values()) {
                ViewQuery all = ViewQuery.of(view).withFailurePolicy(policy);
                assertThat(views.query(all)).as("%s %s", view, policy).isEqualTo(warehouse.query(all));
                ViewQuery paris = all.withStores(Set.of("Paris")).withDates(FROM.plusDays(3), FROM.plusDays(30));
                assertThat(views.query(paris)).as("%s %s Paris", view, policy).isEqualTo(warehouse.query(paris));
                // Every filter at once, two stores (named out of order) and one that does not exist.
                ViewQuery narrow = all.withStores(Set.of("Roma", "Berlin", "Atlantis"))
                        .withSensors(Set.of(1, 3))
                        .withHours(7, 18)
                        .withWeekdays(Set.of(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));
                assertThat(views.query(narrow))
                        .as("%s %s narrow", view, policy)
                        .isNotEmpty()
                        .isEqualTo(warehouse.query(narrow));
                assertThat(views.query(all.withStores(Set.of("Atlantis")))).isEmpty();
            }
        }
    }

    @Test
    void anHourlyRunPublishesItsChangedDayAsDeltasAndALongRangeIsFoldedBack() throws IOException {
        Path file = dir.resolve("w.duckdb");
        Path folder = PublishedViews.folderOf(file);
        try (Warehouse warehouse = Warehouse.open(file);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(3), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(LocalDate.of(2024, 5, 1), FROM.plusDays(10)));
            List<Path> before = parquetFiles(folder);
            // The first publish: one file per bucket and table for its three months.
            assertThat(before.stream().filter(p -> p.toString().contains("_days")))
                    .isNotEmpty()
                    .allMatch(p -> p.toString().contains("/months=202405-202407/"));
            for (int hour = 0; hour < 3; hour++) {
                ingestHour(warehouse, client, FROM.plusDays(10).atTime(hour, 0));
            }
            // The hours' day is read from the deltas, one file per day table; the months' files stand.
            Manifest manifest = Manifest.read(folder);
            assertThat(manifest.ranges).hasSize(1);
            assertThat(manifest.ranges.values())
                    .allMatch(range -> range.first() == FROM.plusDays(10).toEpochDay() && range.days() == 1);
            assertThat(manifest.deltas.values()).hasSize(2).allMatch(path -> path.contains("/deltas/"));
            assertThat(parquetFiles(folder).stream().filter(p -> p.toString().contains("_days")))
                    .containsAll(before.stream()
                            .filter(p -> p.toString().contains("_days"))
                            .toList())
                    .filteredOn(p -> !before.contains(p))
                    .allMatch(p -> p.toString().contains("/deltas/"));
            try (PublishedViews views = PublishedViews.open(folder)) {
                assertSame(warehouse, views);
            }

            // A correction weeks back would make the range longer than MAX_DELTA_DAYS: the range is
            // folded back into its months' files at once, and the deltas go away, files and all.
            warehouse.ingest(List.of(org.sensorsandmore.core.Reading.failed(
                    "Paris", 1, FROM.minusDays(Publisher.MAX_DELTA_DAYS).atTime(12, 0))));
            Manifest folded = Manifest.read(folder);
            assertThat(folded.ranges).isEmpty();
            assertThat(folded.deltas).isEmpty();
            ingestHour(warehouse, client, FROM.plusDays(10).atTime(3, 0));
            Manifest now = Manifest.read(folder);
            Set<String> named = new java.util.TreeSet<>(now.superseded);
            now.parts.values().forEach(named::addAll);
            named.addAll(now.tables.values());
            named.addAll(now.deltas.values());
            assertThat(parquetFiles(folder).stream().map(Path::toString)).allMatch(named::contains);
            try (PublishedViews views = PublishedViews.open(folder)) {
                assertSame(warehouse, views);
            }
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("staging"));
        }
    }

    @Test
    void readersOfAFleetTakeEachBucketsDaysFromTheDeltasOrItsParts() throws IOException {
        // 72 stores: ten buckets, whose hours keep coming; a correction weeks back makes one
        // bucket's range hold an earlier day, and that range is folded back into its parts, so
        // that some buckets' days are read from the deltas and others' from their parts only.
        StoreNetwork fleet = StoreNetwork.fleet(72, 2);
        List<Integer> rangeCounts = new ArrayList<>();
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(5), fleet)) {
            warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(20)));
            PublishedViews views = PublishedViews.open(PublishedViews.folderOf(file));
            for (int hour = 0; hour < 10; hour++) {
                ingestHour(warehouse, client, FROM.plusDays(20).atTime(hour, 0));
                if (hour == 5) {
                    String store = fleet.stores().get(17).name();
                    warehouse.ingest(List.of(org.sensorsandmore.core.Reading.failed(
                            store, 1, FROM.plusDays(9).atTime(12, 0))));
                }
                Manifest manifest = Manifest.read(PublishedViews.folderOf(file));
                assertThat(manifest.deltas).isNotEmpty();
                rangeCounts.add(manifest.ranges.size());
                ViewQuery daily = ViewQuery.of(View.STORE_DAILY);
                assertThat(views.query(daily)).as("after hour %d", hour).isEqualTo(warehouse.query(daily));
                for (View view : View.values()) {
                    ViewQuery some = ViewQuery.of(view).withStores(some(fleet));
                    assertThat(views.query(some))
                            .as("%s after hour %d", view, hour)
                            .isEqualTo(warehouse.query(some));
                }
            }
            assertThat(views.coverage()).isEqualTo(warehouse.coverage());
            int buckets = java.util.Collections.max(rangeCounts);
            assertThat(rangeCounts)
                    .as("some buckets' days in the deltas, others' not")
                    .anyMatch(count -> count > 0 && count < buckets);
            views.close();
        }
    }

    /** @return stores of four buckets, the corrected one's among them */
    private static Set<String> some(StoreNetwork fleet) {
        return Set.of(
                fleet.stores().get(0).name(),
                fleet.stores().get(17).name(),
                fleet.stores().get(40).name(),
                fleet.stores().get(71).name());
    }

    private static void ingestHour(Warehouse warehouse, SimulatedClient client, java.time.LocalDateTime hour) {
        warehouse.ingest(client, HourWindow.of(hour, hour.plusHours(1)));
    }

    @Test
    void aSeriesThatDefersItsViewsIsMaintainedAndPublishedWhenTheWarehouseCloses() {
        Path file = dir.resolve("w.duckdb");
        try (SimulatedClient client = SimulatedClient.of(new FootfallModel(3), StoreNetwork.original());
                PublishedViews views = PublishedViews.open(publishedEmpty(file))) {
            Warehouse warehouse = Warehouse.open(file);
            warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(10)));
            long generation = views.generation();
            List<ViewRow> before = views.query(ViewQuery.of(View.STORE_DAILY));
            for (int day = 10; day < 12; day++) {
                HourWindow next = HourWindow.of(FROM.plusDays(day), FROM.plusDays(day + 1));
                warehouse.inTransaction(transaction -> {
                    transaction.deferViews();
                    return transaction.ingest(client, next, List.of());
                });
            }
            // Readers of either kind see the views of the last commit that maintained them, whole.
            assertThat(views.generation()).isEqualTo(generation);
            assertThat(views.query(ViewQuery.of(View.STORE_DAILY))).isEqualTo(before);
            assertThat(warehouse.query(ViewQuery.of(View.STORE_DAILY))).isEqualTo(before);

            warehouse.close();

            assertThat(views.generation()).isGreaterThan(generation);
            assertThat(views.query(ViewQuery.of(View.STORE_DAILY)))
                    .hasSize(
                            before.size() + 2 * StoreNetwork.original().stores().size());
            try (Warehouse reopened = Warehouse.open(file)) {
                assertSame(reopened, views);
            }
        }
    }

    /** @return the published folder of a new, empty warehouse file */
    private static Path publishedEmpty(Path file) {
        Warehouse.open(file).close();
        return PublishedViews.folderOf(file);
    }

    @Test
    void aDatabaseReplacedByACopyOfAnotherIsPublishedAnewNotOverTheOthersFiles() throws IOException {
        Path file = dir.resolve("w.duckdb");
        Path other = dir.resolve("other.duckdb");
        try (Warehouse warehouse = Warehouse.open(other);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(4), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(20)));
        }
        try (Warehouse warehouse = Warehouse.open(file);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(3), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(40)));
        }
        // A restore: another database's file copied over this one, the published views left as they are.
        Files.copy(other, file, StandardCopyOption.REPLACE_EXISTING);

        try (Warehouse restored = Warehouse.open(file);
                PublishedViews views = PublishedViews.open(PublishedViews.folderOf(file))) {
            assertSame(restored, views);
        }
    }

    @Test
    void aFolderWhoseDayFilesHoldTheHoursAsColumnsIsReadAndThenPublishedAnewWithLists() throws Exception {
        Path file = dir.resolve("w.duckdb");
        Path folder = PublishedViews.folderOf(file);
        try (Warehouse warehouse = Warehouse.open(file);
                SimulatedClient client = SimulatedClient.of(new FootfallModel(3), StoreNetwork.original())) {
            warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(40)));
            // An hour more: a delta file too.
            warehouse.ingest(client, HourWindow.ofHour(FROM.plusDays(40).atTime(9, 0)));
        }
        List<Path> files = parquetFiles(folder).stream()
                .filter(path -> path.startsWith("sensor_days") || path.startsWith("store_days"))
                .toList();
        assertThat(files).anyMatch(path -> path.toString().contains("deltas"));
        List<List<ViewRow>> answers;
        try (PublishedViews views = PublishedViews.open(folder)) {
            answers = everyView(views);
        }
        // The layout of earlier writers: the table's own 24 hourly columns, no "hours" line.
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            for (Path relative : files) {
                Path day = folder.resolve(relative);
                Path columns = dir.resolve("columns.parquet");
                assertThat(columnNames(statement, day)).contains("v").doesNotContain("v0");
                statement.execute("COPY (SELECT "
                        + MaterializedViews.tableColumns(relative.getName(0).toString()) + " FROM read_parquet('" + day
                        + "')) TO '" + columns + "' (FORMAT PARQUET)");
                assertThat(columnNames(statement, columns))
                        .contains("v0", "v23", "b23")
                        .doesNotContain("v");
                Files.move(columns, day, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path manifest = folder.resolve(Manifest.FILE);
        List<String> lines = Files.readAllLines(manifest);
        assertThat(lines).contains("hours\tlists");
        Files.write(
                manifest,
                lines.stream().filter(line -> !line.startsWith("hours\t")).toList());

        try (PublishedViews views = PublishedViews.open(folder)) {
            assertThat(everyView(views)).isEqualTo(answers);
        }
        // The next writer publishes every partition anew, in lists.
        try (Warehouse warehouse = Warehouse.open(file);
                PublishedViews views = PublishedViews.open(folder)) {
            assertThat(Files.readAllLines(manifest)).contains("hours\tlists");
            assertSame(warehouse, views);
        }
    }

    /** @return every view's rows, both policies, of a reader */
    private static List<List<ViewRow>> everyView(PublishedViews views) {
        List<List<ViewRow>> answers = new ArrayList<>();
        for (View view : View.values()) {
            for (FailurePolicy policy : FailurePolicy.values()) {
                answers.add(views.query(ViewQuery.of(view).withFailurePolicy(policy)));
            }
        }
        assertThat(answers).allMatch(rows -> !rows.isEmpty());
        return answers;
    }

    private static List<String> columnNames(Statement statement, Path parquet) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(
                "SELECT name FROM parquet_schema('" + parquet + "') WHERE name <> 'duckdb_schema'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void aFolderWithoutManifestIsRefused() {
        assertThatThrownBy(() -> PublishedViews.open(dir))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("No published views");
    }

    private static List<Path> parquetFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".parquet"))
                    .map(folder::relativize)
                    .sorted()
                    .toList();
        }
    }
}
