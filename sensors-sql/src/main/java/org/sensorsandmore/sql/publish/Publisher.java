package org.sensorsandmore.sql.publish;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.sql.export.Exports;
import org.sensorsandmore.sql.materialized.MaterializedViews;
import org.sensorsandmore.sql.materialized.StoredCoverage;
import org.sensorsandmore.sql.storage.SqlLiterals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's side of {@link PublishedViews}: after a commit, writes the partitions of the day
 * tables that the commit changed ({@link MaterializedViews#DIRTY}) as new parquet files, and the
 * small tables, then replaces the manifest. Files are never rewritten in place: each generation's
 * files have names of their own, so a reader of the previous manifest still reads whole files.
 *
 * <p>A partition is one month of a bucket of {@link #STORES_PER_BUCKET} consecutive store
 * numbers, its rows sorted by key: a reader of one store reads its bucket's files only. A publish
 * that changes several months of a bucket (the first one, after a rebuild) writes them into one
 * file ({@link #writeParts}).
 *
 * <p>A publish of a few changed days (an hourly run changes the last day of every store) does not
 * rewrite their months: it widens its buckets' {@linkplain Manifest.DayRange day ranges} by them
 * and writes the ranges' rows, one small file per day table (the deltas), which readers take
 * instead of the parts' rows of those days. So what it writes is about what changed, not the
 * months around it (a month of 400 stores is 13 MB of parquet; a day of them, half a megabyte).
 * Each such publish also folds the oldest eighth of the ranges that hold a day before the newest
 * back into their buckets' parts, so that the deltas stay a few days of the fleet: a range of the
 * newest day alone, which the next hourly run changes again, waits for that day to pass.
 *
 * <p>A day file holds its table's columns with each group of 24 hourly ones as one list ({@link
 * MaterializedViews#fileColumns}): a reader carries a day's hours as a few values, not 48 or 96.
 *
 * <p>Crash-safe: the changed store-months are recorded in the database in the transaction that
 * changed them and forgotten only once their files are published, so a killed publish is redone
 * by the next one; its staging folder, beside the published folder, is removed then.
 */
public final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    /**
     * Consecutive store numbers that share a partition. Measured on a year of a 400 × 10 fleet
     * (BENCHMARKS.md): one store's year reads in about the time of a one-store partition's, while
     * an hourly run writes an eighth of the files (writing is per file, not per row, at this size).
     */
    static final int STORES_PER_BUCKET = 8;

    /** The day tables, published by bucket and month. */
    static final List<String> DAY_TABLES = List.of("sensor_days", "store_days");

    /** Each day table's key, the order of its files' rows. */
    static final Map<String, List<String>> KEYS = Map.of(
            "sensor_days",
            List.of("store_id", "sensor_id", "epoch_day"),
            "store_days",
            List.of("store_id", "epoch_day"));

    /**
     * The most store-days the deltas hold: a larger change (a backfill of weeks) rewrites its
     * months' partitions instead, and the longest ranges are folded back until they fit.
     */
    static final int MAX_DELTA_STORE_DAYS = 20_000;

    /** The longest day range of a bucket in the deltas (a correction weeks back is folded at once). */
    static final int MAX_DELTA_DAYS = 31;

    /** Each publish of a delta folds this fraction (1 in N) of the ranges back into their parts, oldest first. */
    static final int FOLDED_SHARE = 8;

    /**
     * Rows per row group of every day table's file, DuckDB's smallest: a reader of one store skips
     * the other stores' groups by their statistics. A bucket's year of sensor days in one group
     * made one store's hourly query decode eight stores' rows.
     */
    static final int DAY_ROW_GROUP = 2048;

    private Publisher() {}

    /**
     * Publishes what changed since the last publish.
     *
     * @param connection the writer connection, in no transaction of its own (auto-commit off);
     *     this commits
     * @param folder the published folder
     * @param runLog whether to publish the run log ({@code pipeline_runs}) and the alerts' incidents
     *     ({@code alert_incidents}) even when no view
     *     changed: after a commit, which may have written it; not when opening a database
     * @throws SQLException when the database fails
     * @throws IOException when a file cannot be written
     */
    public static void publish(Connection connection, Path folder, boolean runLog) throws SQLException, IOException {
        try {
            write(connection, folder, runLog);
        } catch (SQLException | IOException | RuntimeException e) {
            // Whatever failed, the writer's next transaction must not start in this aborted one.
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private static void write(Connection connection, Path folder, boolean runLog) throws SQLException, IOException {
        long start = System.nanoTime();
        Files.createDirectories(folder);
        removeLeftovers(folder);
        Manifest old = Manifest.read(folder);
        try (Statement statement = connection.createStatement()) {
            String warehouse;
            try (ResultSet rs = statement.executeQuery("SELECT id FROM " + MaterializedViews.IDENTITY)) {
                rs.next();
                warehouse = rs.getString(1);
            }
            // Nothing published yet, the folder was removed, it has another layout, or another
            // database published it (this file is a restored copy): every partition.
            boolean anew = old == null
                    || old.storesPerBucket != STORES_PER_BUCKET
                    || !old.hourLists
                    || !warehouse.equals(old.warehouse);
            if (anew) {
                statement.execute(MaterializedViews.dirtyWholeMonths());
            }
            Changes changes = changes(statement);
            boolean runs = exists(statement, "pipeline_runs");
            if (!anew && changes.months().isEmpty() && !(runs && runLog)) {
                connection.rollback();
                return;
            }
            long generation = old == null ? 1 : old.generation + 1;
            Path staging = Exports.newStaging(folder);
            try {
                Files.createDirectories(staging);
                Map<Manifest.Part, List<String>> parts = new TreeMap<>(anew ? Map.of() : old.parts);
                Map<String, String> tables = new TreeMap<>(anew ? Map.of() : old.tables);
                Map<String, String> deltas = new TreeMap<>(anew ? Map.of() : old.deltas);
                SortedMap<Integer, Manifest.DayRange> ranges = new TreeMap<>(anew ? Map.of() : old.ranges);
                // A file of several months stays while a part still names it.
                Set<String> unnamed = new TreeSet<>();
                List<String> superseded = new ArrayList<>();
                if (old != null && anew) {
                    old.parts.values().forEach(unnamed::addAll);
                    superseded.addAll(old.tables.values());
                    superseded.addAll(old.deltas.values());
                }
                // The months of each bucket whose parts this publish writes.
                Map<Integer, TreeSet<Integer>> rewrite = changes.months();
                if (!anew && changes.fitInADelta()) {
                    changes.days()
                            .forEach((bucket, days) -> ranges.merge(
                                    bucket,
                                    new Manifest.DayRange(days[0], days[1], generation),
                                    (range, added) -> range.span(added.first(), added.last())));
                    rewrite = new TreeMap<>();
                    for (int bucket : folded(ranges)) {
                        rewrite.put(bucket, new TreeSet<>(ranges.remove(bucket).months()));
                    }
                }
                for (Map.Entry<Integer, TreeSet<Integer>> bucket : rewrite.entrySet()) {
                    for (int month : bucket.getValue()) {
                        for (String table : DAY_TABLES) {
                            List<String> files = parts.remove(new Manifest.Part(table, bucket.getKey(), month));
                            if (files != null) {
                                unnamed.addAll(files);
                            }
                        }
                    }
                }
                Output out = new Output(statement, staging, folder, generation);
                writeParts(out, rewrite, parts);
                parts.values().forEach(unnamed::removeAll);
                superseded.addAll(unnamed);
                if (!changes.months().isEmpty() || !ranges.equals(anew ? Map.of() : old.ranges)) {
                    // The delta holds the ranges' rows as they are now: rewritten whenever a row may have changed.
                    superseded.addAll(deltas.values());
                    deltas.clear();
                    if (!ranges.isEmpty()) {
                        deltas.putAll(writeDeltas(out, ranges));
                    }
                }
                Map<String, String> smalls = new TreeMap<>();
                if (anew || !changes.months().isEmpty()) {
                    // These follow the day tables: unchanged when no partition is.
                    smalls.put("stores", "SELECT * FROM stores ORDER BY store_id");
                    smalls.put("store_sensors", "SELECT * FROM store_sensors ORDER BY store_id, sensor_id");
                    smalls.put("coverage", StoredCoverage.ROWS);
                }
                if (runs) {
                    smalls.put("pipeline_runs", "SELECT * FROM pipeline_runs ORDER BY run_id");
                }
                if (exists(statement, "alert_incidents")) {
                    // Beside the run log: written by the same runs, read by the dashboard and `sensors alerts`.
                    smalls.put("alert_incidents", "SELECT * FROM alert_incidents ORDER BY incident_id");
                }
                // The coverage groups every sensor-day by sensor: each hourly publish writes it.
                // A failure aborts the transaction, which takes no RESET: a setting left behind
                // chooses only how DuckDB groups.
                statement.execute(StoredCoverage.GROUP_SENSORS_IN_ARRAYS);
                for (Map.Entry<String, String> small : smalls.entrySet()) {
                    String name = small.getKey() + "-g" + generation + ".parquet";
                    Path file = staging.resolve(name);
                    statement.execute(
                            "COPY (" + small.getValue() + ") TO " + SqlLiterals.of(file) + " (FORMAT PARQUET)");
                    Files.move(file, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    String replaced = tables.put(small.getKey(), name);
                    if (replaced != null && !anew) {
                        superseded.add(replaced);
                    }
                }
                statement.execute(StoredCoverage.GROUP_BY_HASH);
                if (old != null) {
                    // The previous generation's superseded files have had their grace.
                    for (String file : old.superseded) {
                        Files.deleteIfExists(folder.resolve(file));
                    }
                }
                new Manifest(generation, warehouse, STORES_PER_BUCKET, true, parts, tables, deltas, ranges, superseded)
                        .write(folder);
                statement.execute("DELETE FROM " + MaterializedViews.DIRTY);
                connection.commit();
                LOG.debug(
                        "Published generation {} ({} store-days changed; {} bucket-months rewritten, {} buckets in"
                                + " the deltas) in {} ms",
                        generation,
                        changes.whole() ? "whole months of" : changes.storeDays(),
                        rewrite.values().stream().mapToInt(Set::size).sum(),
                        ranges.size(),
                        (System.nanoTime() - start) / 1_000_000);
            } finally {
                AtomicOutput.deleteTree(staging);
            }
        }
    }

    /**
     * What changed since the last publish.
     *
     * @param months the changed months of each bucket
     * @param days the first and last changed day of each bucket, whole months aside
     * @param whole whether a whole month is marked changed (a rebuild, a first publish)
     * @param storeDays how many store-days changed, whole months aside
     */
    private record Changes(
            Map<Integer, TreeSet<Integer>> months, Map<Integer, int[]> days, boolean whole, long storeDays) {
        boolean fitInADelta() {
            return !months.isEmpty() && !whole && storeDays <= MAX_DELTA_STORE_DAYS;
        }
    }

    private static Changes changes(Statement statement) throws SQLException {
        Map<Integer, TreeSet<Integer>> months = new TreeMap<>();
        try (ResultSet rs = statement.executeQuery(
                "SELECT DISTINCT " + bucket("store_id") + ", month FROM " + MaterializedViews.DIRTY)) {
            while (rs.next()) {
                months.computeIfAbsent(rs.getInt(1), bucket -> new TreeSet<>()).add(rs.getInt(2));
            }
        }
        Map<Integer, int[]> days = new TreeMap<>();
        try (ResultSet rs = statement.executeQuery("SELECT " + bucket("store_id") + ", MIN(epoch_day), MAX(epoch_day)"
                + " FROM " + MaterializedViews.DIRTY + " WHERE epoch_day IS NOT NULL GROUP BY 1")) {
            while (rs.next()) {
                days.put(rs.getInt(1), new int[] {rs.getInt(2), rs.getInt(3)});
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FILTER (WHERE epoch_day IS NULL),"
                + " (SELECT COUNT(*) FROM (SELECT DISTINCT store_id, epoch_day FROM " + MaterializedViews.DIRTY
                + " WHERE epoch_day IS NOT NULL)) FROM " + MaterializedViews.DIRTY)) {
            rs.next();
            return new Changes(months, days, rs.getLong(1) > 0, rs.getLong(2));
        }
    }

    /**
     * @param ranges the buckets' day ranges, this publish's changes included
     * @return the buckets whose ranges go back into their parts now: of those holding a day
     *     before the newest, an eighth of all ranges (rounded down), the oldest first, so that
     *     hourly publishes spread the rewriting over as many runs; any whose range is longer than
     *     {@link #MAX_DELTA_DAYS}; and, while the deltas would hold more than {@link
     *     #MAX_DELTA_STORE_DAYS} store-days, the longest
     */
    static Set<Integer> folded(SortedMap<Integer, Manifest.DayRange> ranges) {
        Set<Integer> folded = new TreeSet<>();
        // A range of the newest day alone is what every hourly run changes again: folded, its
        // bucket's month would be rewritten each hour for rows the next hour replaces (6 of the
        // fleet's 50 each hour, 110-145 ms of a 190-245 ms publish). Once a day has passed, its
        // ranges hold an earlier day and are folded over the next hours.
        int newest =
                ranges.values().stream().mapToInt(Manifest.DayRange::last).max().orElse(Integer.MIN_VALUE);
        ranges.entrySet().stream()
                .filter(bucket -> bucket.getValue().first() < newest)
                .sorted(Map.Entry.<Integer, Manifest.DayRange>comparingByValue(
                                Comparator.comparingLong(Manifest.DayRange::since))
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(ranges.size() / FOLDED_SHARE)
                .forEach(bucket -> folded.add(bucket.getKey()));
        ranges.forEach((bucket, range) -> {
            if (range.days() > MAX_DELTA_DAYS) {
                folded.add(bucket);
            }
        });
        List<Map.Entry<Integer, Manifest.DayRange>> longest = new ArrayList<>(ranges.entrySet());
        longest.sort(
                Map.Entry.<Integer, Manifest.DayRange>comparingByValue(Comparator.comparingInt(Manifest.DayRange::days))
                        .reversed());
        long storeDays = 0;
        for (Map.Entry<Integer, Manifest.DayRange> bucket : longest) {
            if (!folded.contains(bucket.getKey())) {
                storeDays += (long) STORES_PER_BUCKET * bucket.getValue().days();
            }
        }
        for (Map.Entry<Integer, Manifest.DayRange> bucket : longest) {
            if (storeDays <= MAX_DELTA_STORE_DAYS) {
                break;
            }
            if (folded.add(bucket.getKey())) {
                storeDays -= (long) STORES_PER_BUCKET * bucket.getValue().days();
            }
        }
        return folded;
    }

    /**
     * Writes every row of the ranges' days, one file per day table, sorted by key, in small row
     * groups: a reader of one bucket reads the groups of its stores only, by their statistics.
     *
     * @return each day table's file
     */
    private static Map<String, String> writeDeltas(Output out, SortedMap<Integer, Manifest.DayRange> ranges)
            throws SQLException, IOException {
        Manifest layout =
                new Manifest(0, null, STORES_PER_BUCKET, true, Map.of(), Map.of(), Map.of(), ranges, List.of());
        String rows = ranges.entrySet().stream()
                .map(bucket -> layout.rowsOf(bucket.getKey(), bucket.getValue()))
                .collect(Collectors.joining(" OR "));
        Map<String, String> files = new TreeMap<>();
        out.statement().execute("SET preserve_insertion_order = true");
        try {
            for (String table : DAY_TABLES) {
                String name = table + "/deltas/g" + out.generation() + ".parquet";
                if (out.copy(
                        "SELECT " + MaterializedViews.fileColumns(table) + " FROM " + table + " WHERE " + rows
                                + " ORDER BY " + String.join(", ", KEYS.get(table)),
                        name)) {
                    files.put(table, name);
                }
            }
        } finally {
            out.statement().execute("SET preserve_insertion_order = false");
        }
        return files;
    }

    /**
     * Writes the changed partitions into files of this generation, each file's rows sorted by key
     * so that the same rows make the same bytes, and moves them into the folder; the files are
     * copied straight from the table on two connections ({@link ConcurrentCopies}). A bucket with
     * one changed month (an hourly run: the month of the buckets it folds back) gets that month's
     * file. A bucket with several (a first publish, a rebuild, a backfill) gets one file of them
     * all: a year's
     * rebuild then writes a file per bucket and table instead of one per month (measured at
     * 400 × 10 stores, BENCHMARKS.md: 1,224 files in 21.5 s against 100 in 3.8 s). The manifest
     * names such a file for each of its months; a reader takes from it only the months its parts
     * still name ({@link Manifest#severalMonths}).
     */
    private static void writeParts(
            Output out, Map<Integer, TreeSet<Integer>> months, Map<Manifest.Part, List<String>> parts)
            throws SQLException, IOException {
        Statement statement = out.statement();
        if (months.isEmpty()) {
            return;
        }
        // The writer connection does not keep insertion order (Warehouse); a sorted file needs it.
        statement.execute("SET preserve_insertion_order = true");
        try {
            // A file per bucket, of its month or of its several months (a whole publish: every
            // bucket's), and the parts each names. Each file's rows are read by the bucket's stores
            // and the months' days, whose min-max statistics skip the other blocks.
            List<ConcurrentCopies.Copy> copies = new ArrayList<>();
            List<List<Manifest.Part>> named = new ArrayList<>();
            for (String table : DAY_TABLES) {
                String keys = String.join(", ", KEYS.get(table));
                for (Map.Entry<Integer, TreeSet<Integer>> bucket : months.entrySet()) {
                    TreeSet<Integer> several = bucket.getValue();
                    int first = bucket.getKey() * STORES_PER_BUCKET;
                    String name = table + "/bucket=" + bucket.getKey() + "/"
                            + (several.size() == 1
                                    ? "month=" + several.first()
                                    : Manifest.SEVERAL_MONTHS + several.first() + "-" + several.last())
                            + "/g" + out.generation() + ".parquet";
                    String rows = "SELECT " + MaterializedViews.fileColumns(table) + " FROM " + table
                            + " WHERE store_id BETWEEN " + first + " AND "
                            + (first + STORES_PER_BUCKET - 1) + " AND (" + Manifest.daysOf(several) + ") ORDER BY "
                            + keys;
                    copies.add(new ConcurrentCopies.Copy(rows, name));
                    named.add(several.stream()
                            .map(month -> new Manifest.Part(table, bucket.getKey(), month))
                            .toList());
                }
            }
            boolean[] written = ConcurrentCopies.write(out, statement.getConnection(), copies);
            for (int i = 0; i < copies.size(); i++) {
                if (written[i]) {
                    for (Manifest.Part part : named.get(i)) {
                        parts.put(part, List.of(copies.get(i).name()));
                    }
                }
            }
        } finally {
            statement.execute("SET preserve_insertion_order = false");
        }
    }

    /**
     * Where a publish writes: each file is copied into the staging folder, then moved to its name
     * in the published folder, named for the publish's generation.
     */
    record Output(Statement statement, Path staging, Path folder, long generation) {
        /**
         * Copies a query's rows of a day table into a parquet file of the staging folder, in row
         * groups of {@link #DAY_ROW_GROUP}, then moves it to its name in the published folder.
         *
         * @return whether it had rows; a partition whose rows are all gone (a store's days replaced
         *     elsewhere) has no file
         */
        boolean copy(String rows, String name) throws SQLException, IOException {
            Path file = staging.resolve(name.replace('/', '-'));
            if (statement.executeLargeUpdate("COPY (" + rows + ") TO " + SqlLiterals.of(file)
                            + " (FORMAT PARQUET, ROW_GROUP_SIZE " + DAY_ROW_GROUP + ")")
                    == 0) {
                Files.deleteIfExists(file);
                return false;
            }
            Path target = folder.resolve(name);
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }

    /** The bucket of a store number expression: {@link #STORES_PER_BUCKET} consecutive numbers share one. */
    private static String bucket(String storeId) {
        return "(" + storeId + " // " + STORES_PER_BUCKET + ")";
    }

    private static boolean exists(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** The manifests that killed publishes half-wrote (their staging folders go in {@link Exports#newStaging}). */
    private static void removeLeftovers(Path folder) throws IOException {
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(folder, "." + Manifest.FILE + ".*")) {
            for (Path file : partial) {
                Files.deleteIfExists(file);
            }
        }
    }
}
