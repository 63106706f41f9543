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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sensorsandmore.sql.export.Exports;
import org.sensorsandmore.sql.materialized.MaterializedViews;
import org.sensorsandmore.sql.materialized.StoredCoverage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's side of {@link PublishedViews}: after a commit, writes the store-months of the
 * day tables that the commit changed ({@link MaterializedViews#DIRTY}) as new parquet files, and
 * the small tables whole, then replaces the manifest. Files are never rewritten in place: each
 * generation's files have names of their own, so a reader of the previous manifest still reads
 * whole files.
 *
 * <p>Crash-safe: the changed store-months are recorded in the database in the transaction that
 * changed them and forgotten only once their files are published, so a killed publish is redone
 * by the next one; its staging folder, beside the published folder, is removed then.
 */
public final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final Pattern PARTITION = Pattern.compile("store_id=(-?\\d+)/month=(\\d+)/[^/]+\\.parquet$");

    /** The day tables, published by store and month. */
    static final List<String> DAY_TABLES = List.of("sensor_days", "store_days");

    private Publisher() {}

    /**
     * Publishes what changed since the last publish.
     *
     * @param connection the writer connection, in no transaction of its own (auto-commit off);
     *     this commits
     * @param folder the published folder
     * @throws SQLException when the database fails
     * @throws IOException when a file cannot be written
     */
    public static void publish(Connection connection, Path folder) throws SQLException, IOException {
        long start = System.nanoTime();
        Files.createDirectories(folder);
        removeLeftovers(folder);
        Manifest old = Manifest.read(folder);
        try (Statement statement = connection.createStatement()) {
            if (old == null) {
                // Nothing published yet (or the folder was removed): every store-month.
                statement.execute("INSERT INTO " + MaterializedViews.DIRTY + " SELECT DISTINCT store_id, "
                        + MaterializedViews.month("epoch_day") + " FROM store_days");
            }
            statement.execute("CREATE OR REPLACE TEMP TABLE publishing AS SELECT DISTINCT store_id, month FROM "
                    + MaterializedViews.DIRTY);
            long generation = old == null ? 1 : old.generation + 1;
            Path staging = folder.resolveSibling(stagingPrefix(folder) + UUID.randomUUID());
            try {
                Files.createDirectories(staging);
                Map<Manifest.Part, List<String>> parts = new TreeMap<>(old == null ? Map.of() : old.parts);
                List<String> superseded = new ArrayList<>();
                Set<Manifest.Part> dirty = dirtyParts(statement);
                for (Manifest.Part part : dirty) {
                    List<String> replaced = parts.remove(part);
                    if (replaced != null) {
                        superseded.addAll(replaced);
                    }
                }
                for (String table : DAY_TABLES) {
                    String keys =
                            table.equals("sensor_days") ? "store_id, sensor_id, epoch_day" : "store_id, epoch_day";
                    statement.execute("COPY (SELECT d.*, " + MaterializedViews.month("d.epoch_day") + " AS month FROM "
                            + table + " d SEMI JOIN publishing p ON p.store_id = d.store_id AND p.month = "
                            + MaterializedViews.month("d.epoch_day") + " ORDER BY " + keys + ") TO "
                            + literal(staging.resolve(table))
                            + " (FORMAT PARQUET, PARTITION_BY (store_id, month), WRITE_PARTITION_COLUMNS true)");
                    moveParts(staging.resolve(table), folder, table, generation, parts);
                }
                Map<String, String> tables = new TreeMap<>();
                Map<String, String> smalls = new TreeMap<>(Map.of(
                        "stores", "SELECT * FROM stores ORDER BY store_id",
                        "store_sensors", "SELECT * FROM store_sensors ORDER BY store_id, sensor_id",
                        "coverage", StoredCoverage.ROWS));
                if (exists(statement, "pipeline_runs")) {
                    smalls.put("pipeline_runs", "SELECT * FROM pipeline_runs ORDER BY run_id");
                }
                for (Map.Entry<String, String> small : smalls.entrySet()) {
                    String name = small.getKey() + "-g" + generation + ".parquet";
                    Path file = staging.resolve(name);
                    statement.execute("COPY (" + small.getValue() + ") TO " + literal(file) + " (FORMAT PARQUET)");
                    Files.move(file, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    tables.put(small.getKey(), name);
                }
                if (old != null) {
                    superseded.addAll(old.tables.values());
                    // The previous generation's superseded files have had their grace.
                    for (String file : old.superseded) {
                        Files.deleteIfExists(folder.resolve(file));
                    }
                }
                superseded.removeAll(new HashSet<>(tables.values()));
                for (List<String> files : parts.values()) {
                    superseded.removeAll(files);
                }
                new Manifest(generation, parts, tables, superseded).write(folder);
                statement.execute("DELETE FROM " + MaterializedViews.DIRTY);
                statement.execute("DROP TABLE publishing");
                connection.commit();
                LOG.debug(
                        "Published generation {} ({} store-months) in {} ms",
                        generation,
                        dirty.size(),
                        (System.nanoTime() - start) / 1_000_000);
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                Exports.deleteTree(staging);
            }
        }
    }

    private static Set<Manifest.Part> dirtyParts(Statement statement) throws SQLException {
        Set<Manifest.Part> parts = new HashSet<>();
        try (ResultSet rs = statement.executeQuery("SELECT store_id, month FROM publishing")) {
            while (rs.next()) {
                for (String table : DAY_TABLES) {
                    parts.add(new Manifest.Part(table, rs.getInt(1), rs.getInt(2)));
                }
            }
        }
        return parts;
    }

    /** Moves the partition files DuckDB wrote into the folder, under this generation's names. */
    private static void moveParts(
            Path written, Path folder, String table, long generation, Map<Manifest.Part, List<String>> parts)
            throws IOException {
        if (!Files.isDirectory(written)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(written)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String relative = written.relativize(file).toString().replace('\\', '/');
            Matcher matcher = PARTITION.matcher(relative);
            if (!matcher.find()) {
                throw new IOException("Unexpected file in the staged views: " + file);
            }
            Manifest.Part part =
                    new Manifest.Part(table, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
            List<String> names = parts.computeIfAbsent(part, p -> new ArrayList<>());
            String name = table + "/store_id=" + part.storeId() + "/month=" + part.month() + "/g" + generation + "-"
                    + names.size() + ".parquet";
            Path target = folder.resolve(name);
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            names.add(name);
        }
    }

    private static boolean exists(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** The staging folders of killed publishes, and manifests half-written. */
    private static void removeLeftovers(Path folder) throws IOException {
        String prefix = stagingPrefix(folder);
        try (DirectoryStream<Path> siblings =
                Files.newDirectoryStream(folder.toAbsolutePath().getParent(), prefix + "*")) {
            for (Path sibling : siblings) {
                // One writer holds the database, so a staging folder that is not this run's is a dead one.
                Exports.deleteTree(sibling);
            }
        }
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(folder, "." + Manifest.FILE + ".*")) {
            for (Path file : partial) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String stagingPrefix(Path folder) {
        return "." + folder.getFileName() + ".staging-";
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
