package org.sensorsandmore.sql.export;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.materialized.StoredViewSql;
import org.sensorsandmore.sql.storage.SqlLiterals;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;

/**
 * Writes the four views with DuckDB's {@code COPY}, into a hidden staging folder beside the
 * output folder ({@link #newStaging}), then moves each into place.
 *
 * <p>A CSV file replaces the old one with an atomic rename. A parquet folder cannot be replaced
 * atomically on POSIX: the old folder is renamed aside, the new one renamed in, the old one
 * deleted; a reader in that instant finds no folder, never a mix of old and new files.
 */
public final class Exports {
    private Exports() {}

    /**
     * Writes the four views into a folder, from one consistent state of the database.
     *
     * @param connection a connection of its own, in auto-commit mode (it is when this returns)
     * @param directory the output folder, created when missing
     * @param policy what a failed reading counts
     * @param formats the formats to write, at least one
     * @return the rows written per view
     * @throws SQLException when the database fails
     */
    public static ExportResult views(
            Connection connection, Path directory, FailurePolicy policy, Set<ExportFormat> formats)
            throws SQLException {
        return staged(directory, (target, staging) -> {
            Map<View, Long> rows = new EnumMap<>(View.class);
            Files.createDirectories(staging);
            // One transaction: the four views come from the same state even while an ingest commits.
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (View view : View.values()) {
                    // Every row, read from the stored views, already in the order of the view.
                    String select = StoredViewSql.filtered(ViewQuery.of(view).withFailurePolicy(policy))
                            .sql();
                    if (formats.size() == 1) {
                        // One file per view: the sorted query goes straight into it, no copy.
                        ExportFormat format = formats.iterator().next();
                        rows.put(view, copy(statement, "(" + select + ")", staging, view, format));
                        continue;
                    }
                    // Both files: the view is computed and sorted once, into a table both copy from.
                    String table = "export_" + view.tableName();
                    statement.execute("CREATE OR REPLACE TEMP TABLE " + table + " AS " + select);
                    long count = -1;
                    for (ExportFormat format : formats) {
                        // A plain scan keeps the table's insertion order, the sorted one.
                        count = copy(statement, table, staging, view, format);
                    }
                    rows.put(view, count);
                    statement.execute("DROP TABLE " + table);
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            for (View view : View.values()) {
                if (formats.contains(ExportFormat.CSV)) {
                    AtomicOutput.replaceFile(
                            staging.resolve(fileName(view, ExportFormat.CSV)),
                            target.resolve(fileName(view, ExportFormat.CSV)));
                }
                if (formats.contains(ExportFormat.PARQUET)) {
                    AtomicOutput.replaceFolder(
                            staging.resolve(fileName(view, ExportFormat.PARQUET)),
                            target.resolve(fileName(view, ExportFormat.PARQUET)));
                }
            }
            return new ExportResult(target, rows);
        });
    }

    /** What an export writes: into {@code staging}, then moved into {@code target}. */
    @FunctionalInterface
    interface StagedWrite {
        ExportResult write(Path target, Path staging) throws IOException, SQLException;
    }

    /**
     * Runs a write with the output folder created and a new staging folder's path beside it
     * ({@link #newStaging}); the staging folder is deleted afterwards, whatever happens.
     *
     * @param directory the output folder
     * @param write the write
     * @return what the write returns
     * @throws SQLException when the database fails
     */
    static ExportResult staged(Path directory, StagedWrite write) throws SQLException {
        Path target = directory.toAbsolutePath();
        Path staging = null;
        try {
            Files.createDirectories(target);
            staging = newStaging(target);
            return write.write(target, staging);
        } catch (IOException e) {
            throw new WarehouseException(
                    "Cannot write the views into " + directory + ": " + AtomicOutput.describe(e), e);
        } finally {
            if (staging != null) {
                AtomicOutput.deleteTree(staging);
            }
        }
    }

    /**
     * A new staging folder's path for writing what goes into a folder, beside it, where a glob of
     * the folder never sees it; the staging folders of writers that were killed are removed first
     * (one process writes a warehouse, so a staging folder that is not this call's is a dead one).
     *
     * @param target the folder written into
     * @return the new staging folder's path, not created
     * @throws IOException when a dead staging folder cannot be listed
     */
    public static Path newStaging(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        String prefix = "." + absolute.getFileName() + ".staging-";
        try (DirectoryStream<Path> dead = Files.newDirectoryStream(absolute.getParent(), prefix + "*")) {
            for (Path folder : dead) {
                AtomicOutput.deleteTree(folder);
            }
        }
        return absolute.resolveSibling(prefix + UUID.randomUUID());
    }

    private static String fileName(View view, ExportFormat format) {
        return view.tableName() + (format == ExportFormat.PARQUET ? ".parquet" : ".csv");
    }

    /** Copies a table or a parenthesised query into the view's staging file; returns the rows written. */
    private static long copy(Statement statement, String source, Path staging, View view, ExportFormat format)
            throws SQLException {
        String options =
                format == ExportFormat.PARQUET ? " (FORMAT PARQUET, PARTITION_BY (store))" : " (FORMAT CSV, HEADER)";
        // COPY's update count is the number of rows written.
        return statement.executeLargeUpdate("COPY " + source + " TO "
                + SqlLiterals.of(staging.resolve(fileName(view, format)).toString()) + options);
    }
}
