package org.sensorsandmore.sql.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.MaterializedViews;
import org.sensorsandmore.sql.materialized.StoreNumbers;
import org.sensorsandmore.sql.materialized.StoredCoverage;
import org.sensorsandmore.sql.materialized.StoredViewSql;
import org.sensorsandmore.sql.storage.SqlLiterals;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;
import org.sensorsandmore.sql.views.ViewSource;

/**
 * The views a warehouse publishes beside its file ({@link #folderOf}), read without the
 * database: any number of processes (dashboards) read them while one process writes the
 * database, and none of them holds a lock that the others wait for.
 *
 * <pre>{@code
 * try (PublishedViews views = PublishedViews.open(PublishedViews.folderOf(Path.of("data/sensors.duckdb")))) {
 *     List<ViewRow> days = views.query(ViewQuery.of(View.STORE_DAILY).withStores(Set.of("Paris")));
 * }
 * }</pre>
 *
 * <p>Each call reads one published state: every file of its answer is listed in one manifest,
 * and the writer never changes a listed file (it writes new ones and replaces the manifest). A
 * query of some stores reads the files of their buckets only. The rows are those of {@link Warehouse#query},
 * for the default baseline ({@link ViewQuery#DEFAULT_BASELINE_WEEKS} weeks), the one published.
 *
 * <p>Thread-safe; close it once, when done.
 */
public final class PublishedViews implements AutoCloseable, ViewSource {
    private final Path folder;
    private final DuckDBConnection root;
    private State state;

    /** A manifest and the store numbers of its state, read once per generation. */
    private record State(Manifest manifest, StoreNumbers stores) {}

    /** Work on a connection of one published state. */
    private interface StateWork<T> {
        T run(Connection connection, State state) throws SQLException;
    }

    private PublishedViews(Path folder, DuckDBConnection root) {
        this.folder = folder;
        this.root = root;
    }

    /**
     * @param database a warehouse file
     * @return the folder where that warehouse publishes its views: beside it, its name and
     *     {@code .views}
     */
    public static Path folderOf(Path database) {
        Path absolute = database.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".views");
    }

    /**
     * @param folder a folder
     * @return whether views were published there
     */
    public static boolean isPublished(Path folder) {
        return Files.isRegularFile(folder.resolve(Manifest.FILE));
    }

    /**
     * @param folder a folder of published views
     * @return a reader of it
     * @throws WarehouseException when no views were published there
     */
    public static PublishedViews open(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (!isPublished(folder)) {
            throw new WarehouseException("No published views in " + folder + " (no " + Manifest.FILE + ")");
        }
        try {
            return new PublishedViews(folder, (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"));
        } catch (SQLException e) {
            throw new WarehouseException("Cannot start a reader of " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams the rows of a query, in the order of {@link #query(ViewQuery)}.
     *
     * @param query the view and filters; the default baseline
     * @param sink receives each row
     * @throws IllegalArgumentException when the query asks for another baseline than the published one
     */
    @Override
    public void query(ViewQuery query, Consumer<? super ViewRow> sink) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        if (!StoredViewSql.isStored(query)) {
            throw new IllegalArgumentException("Published views have " + ViewQuery.DEFAULT_BASELINE_WEEKS
                    + "-week baselines only, not " + query.baselineWeeks() + ": query the warehouse for others");
        }
        // Rows are handed on as they are read, so an answer of any size costs no more memory than a
        // row. A read starts again on a newer manifest only while it has handed on nothing, so no row
        // is repeated; the query sorts, so every file is read before the first row is handed on.
        // The files are named in the query itself, with the stores by number: no view is defined,
        // and the database skips the other stores' row groups of their buckets' files.
        long[] handedOn = {0};
        attempt(() -> handedOn[0] == 0, (connection, state) -> {
            Set<Integer> buckets = query.stores().isEmpty() ? null : bucketsOf(state, query.stores());
            StoredViewSql.read(
                    connection,
                    query,
                    table -> relation(state.manifest(), table, buckets, null),
                    state.stores(),
                    row -> {
                        handedOn[0]++;
                        sink.accept(row);
                    });
            return null;
        });
    }

    /** @return what is stored for each store, by store name, as last published */
    public List<StoreCoverage> coverage() {
        return onDefined(null, connection -> StoredCoverage.read(connection, "coverage"));
    }

    /**
     * Runs read-only work on a connection where the published small tables ({@code stores},
     * {@code coverage}, {@code pipeline_runs} when a pipeline wrote the database) are views of one
     * published state.
     *
     * @param work what to run
     * @param <T> what the work returns
     * @return the work's result
     */
    public <T> T read(Warehouse.ReadWork<T> work) {
        Objects.requireNonNull(work, "work");
        return onDefined(null, work);
    }

    /**
     * Runs read-only work as {@link #read(Warehouse.ReadWork)} does, with the day tables ({@code
     * sensor_days}, {@code store_days}) holding only some months' rows: a reader of a few weeks then
     * opens their files, not the whole history's.
     *
     * @param months the months whose rows the work reads
     * @param work what to run
     * @param <T> what the work returns
     * @return the work's result
     */
    public <T> T read(Set<YearMonth> months, Warehouse.ReadWork<T> work) {
        Objects.requireNonNull(work, "work");
        Set<Integer> wanted = months.stream()
                .map(month -> month.getYear() * 100 + month.getMonthValue())
                .collect(Collectors.toSet());
        return onDefined(wanted, work);
    }

    /** @return the generation of the last published state */
    public long generation() {
        return current().manifest().generation;
    }

    /**
     * Runs work on a connection where the tables of the last published state are defined ({@link
     * #define}), the day tables narrowed to some months ({@code yyyymm}; null for all).
     */
    private <T> T onDefined(Set<Integer> months, Warehouse.ReadWork<T> work) {
        return attempt(() -> true, (connection, state) -> {
            define(connection, state, months);
            return work.run(connection);
        });
    }

    /**
     * Runs work on a connection of its own, on the last published state. A file the writer deleted
     * meanwhile (this reader's manifest was more than a generation old) makes it read the new
     * manifest and run the work once more, when the work can still start again.
     */
    private <T> T attempt(BooleanSupplier canStartAgain, StateWork<T> work) {
        SQLException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            State state = attempt == 0 ? current() : reload();
            try (Connection connection = root.duplicate()) {
                return work.run(connection, state);
            } catch (SQLException e) {
                failure = e;
                if (!canStartAgain.getAsBoolean()
                        || !String.valueOf(e.getMessage()).contains("No files found")
                                && !String.valueOf(e.getMessage()).contains("No such file")) {
                    break;
                }
            }
        }
        throw new WarehouseException(
                "Cannot read the published views in " + folder + ": "
                        + String.valueOf(failure.getMessage()).strip().replaceAll("\\s+", " "),
                failure);
    }

    /**
     * Defines the day tables ({@code sensor_days}, {@code store_days}) and the small tables of a
     * state as temporary views of its files.
     *
     * @param months the months ({@code yyyymm}) whose rows they hold; null for all
     */
    private void define(Connection connection, State state, Set<Integer> months) throws SQLException {
        Manifest manifest = state.manifest();
        try (Statement statement = connection.createStatement()) {
            for (String table : Publisher.DAY_TABLES) {
                String relation = relation(manifest, table, null, months);
                statement.execute(
                        relation == null
                                ? MaterializedViews.createTemporary(table)
                                : "CREATE TEMP VIEW " + table + " AS SELECT " + MaterializedViews.tableColumns(table)
                                        + " FROM " + relation);
            }
            for (Map.Entry<String, String> small : manifest.tables.entrySet()) {
                statement.execute("CREATE TEMP VIEW " + small.getKey() + " AS SELECT * FROM read_parquet("
                        + SqlLiterals.of(folder.resolve(small.getValue())) + ")");
            }
        }
    }

    /** @return the buckets of the stores that a state has, by name */
    private static Set<Integer> bucketsOf(State state, Set<String> stores) {
        return stores.stream()
                .map(state.stores()::id)
                .filter(Objects::nonNull)
                .map(state.manifest()::bucketOf)
                .collect(Collectors.toSet());
    }

    /**
     * @param manifest a published state
     * @param table a day table
     * @param buckets the buckets whose rows it holds; null for all
     * @param months the months ({@code yyyymm}) whose rows it holds; null for all
     * @return a parenthesized query of the files that hold those rows of the table, with the
     *     hours of a day in lists ({@link MaterializedViews#fileColumns}) whatever the files' own
     *     layout, or null when none does
     */
    private String relation(Manifest manifest, String table, Set<Integer> buckets, Set<Integer> months) {
        // Each file, with the months its parts name; a file of one month is read whole.
        Map<String, TreeSet<Integer>> files = new TreeMap<>();
        manifest.parts.forEach((part, paths) -> {
            if (part.table().equals(table)
                    && (buckets == null || buckets.contains(part.bucket()))
                    && (months == null || months.contains(part.month()))) {
                paths.forEach(path ->
                        files.computeIfAbsent(path, p -> new TreeSet<>()).add(part.month()));
            }
        });
        // The buckets' days the deltas hold: their rows are read there, not from the parts.
        List<String> fromDeltas = new ArrayList<>();
        manifest.ranges.forEach((bucket, range) -> {
            if (buckets == null || buckets.contains(bucket)) {
                fromDeltas.add(manifest.rowsOf(bucket, range));
            }
        });
        String notInDeltas = fromDeltas.isEmpty() ? "" : "NOT (" + String.join(" OR ", fromDeltas) + ")";
        // Files read alike in one scan: the whole ones, and those of several months by the
        // condition their named months make.
        Map<String, List<String>> scans = new TreeMap<>();
        files.forEach((path, named) -> scans.computeIfAbsent(
                        Manifest.severalMonths(path) ? Manifest.daysOf(named) : "", c -> new ArrayList<>())
                .add(SqlLiterals.of(folder.resolve(path))));
        List<String> selects = new ArrayList<>();
        // The folders' names are not columns. Files of earlier writers hold the table's own columns.
        String columns = manifest.hourLists ? "*" : MaterializedViews.fileColumns(table);
        scans.forEach((condition, paths) -> selects.add("SELECT " + columns + " FROM read_parquet(["
                + String.join(", ", paths) + "], hive_partitioning = false)" + where(condition, notInDeltas)));
        String delta = manifest.deltas.get(table);
        if (delta != null && !fromDeltas.isEmpty()) {
            selects.add("SELECT " + columns + " FROM read_parquet(" + SqlLiterals.of(folder.resolve(delta)) + ")"
                    + where(
                            "(" + String.join(" OR ", fromDeltas) + ")",
                            months == null ? "" : Manifest.daysOf(new TreeSet<>(months))));
        }
        return selects.isEmpty() ? null : "(" + String.join(" UNION ALL ", selects) + ")";
    }

    /** @return a WHERE clause of the conditions that are not empty, or nothing */
    private static String where(String... conditions) {
        String all = java.util.Arrays.stream(conditions)
                .filter(condition -> !condition.isEmpty())
                .collect(Collectors.joining(" AND "));
        return all.isEmpty() ? "" : " WHERE " + all;
    }

    private synchronized State current() {
        if (state == null) {
            return reload();
        }
        // The manifest's first line names its generation: a changed one is read whole.
        try (var lines = Files.lines(folder.resolve(Manifest.FILE))) {
            String first = lines.findFirst().orElse("");
            if (first.equals("generation\t" + state.manifest().generation)) {
                return state;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new WarehouseException("Cannot read the views manifest in " + folder + ": " + e.getMessage(), e);
        }
        return reload();
    }

    private synchronized State reload() {
        try {
            Manifest manifest = Manifest.read(folder);
            if (manifest == null) {
                throw new WarehouseException("No published views in " + folder + " (no " + Manifest.FILE + ")");
            }
            StoreNumbers stores = StoreNumbers.NONE;
            String storesFile = manifest.tables.get("stores");
            if (storesFile != null) {
                try (Connection connection = root.duplicate()) {
                    stores = StoreNumbers.read(
                            connection,
                            "read_parquet(" + SqlLiterals.of(folder.resolve(storesFile)) + ")",
                            "read_parquet(" + SqlLiterals.of(folder.resolve(manifest.tables.get("store_sensors")))
                                    + ")");
                }
            }
            state = new State(manifest, stores);
            return state;
        } catch (IOException | SQLException e) {
            throw new WarehouseException("Cannot read the views manifest in " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            // Nothing left to do with an in-memory database that cannot close.
        }
    }
}
