package org.sensorsandmore.sql.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.materialized.MaterializedViews;
import org.sensorsandmore.sql.materialized.StoredViewSql;
import org.sensorsandmore.sql.storage.SqlLiterals;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.Level;
import org.sensorsandmore.sql.views.Resolution;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewSql;

/**
 * A folder of the four views kept up to date: each view in partitions of time, an hourly view by
 * day ({@code sensor_hourly/day=2024-12-31/sensor_hourly.parquet}, {@code …csv}) and a daily view
 * by month ({@code sensor_daily/month=2024-12/…}), and an update rewrites only the partitions whose
 * rows changed since the folder's last update: an hourly run writes the files of its day and
 * month, whatever the history.
 *
 * <p>The folder remembers, in a hidden state file, whose warehouse it holds, up to which of its
 * changes ({@link MaterializedViews#CHANGES}), under which failure policy and in which formats;
 * anything else (a first update, another warehouse, policy or format set) rewrites every
 * partition. Each file is written beside the folder, sorted (the same rows make the same bytes),
 * and renamed in; the state file is replaced last, so that a killed update is redone whole by the
 * next one, which also removes the killed one's staging.
 */
public final class MaintainedExport {
    /** The state file, in the folder; hidden, so that a glob of the views never reads it. */
    static final String STATE = ".export-state.tsv";

    private MaintainedExport() {}

    /** What a folder holds: whose changes up to which, and how they were written. */
    private record State(String warehouse, long change, FailurePolicy policy, Set<ExportFormat> formats) {
        static State read(Path folder) throws IOException {
            Map<String, String> fields = new TreeMap<>();
            try {
                for (String line : Files.readAllLines(folder.resolve(STATE), StandardCharsets.UTF_8)) {
                    String[] field = line.split("\t", 2);
                    if (field.length == 2) {
                        fields.put(field[0], field[1]);
                    }
                }
                Set<ExportFormat> formats = new TreeSet<>();
                for (String format : fields.getOrDefault("formats", "").split(",")) {
                    formats.add(ExportFormat.valueOf(format));
                }
                return new State(
                        fields.get("warehouse"),
                        Long.parseLong(fields.get("change")),
                        FailurePolicy.valueOf(fields.get("policy")),
                        formats);
            } catch (NoSuchFileException e) {
                return null;
            } catch (RuntimeException e) {
                // A state this library did not write: the folder is written anew.
                return null;
            }
        }

        void write(Path folder) throws IOException {
            String text = "warehouse\t" + warehouse + "\nchange\t" + change + "\npolicy\t" + policy.name()
                    + "\nformats\t" + formats.stream().map(Enum::name).collect(Collectors.joining(",")) + "\n";
            Path partial = folder.resolve(STATE + "." + UUID.randomUUID());
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            AtomicOutput.replaceFile(partial, folder.resolve(STATE));
        }
    }

    /** One view's rows of a period: a day of an hourly view, a month of a daily one. */
    private record Partition(View view, LocalDate from, LocalDate to, String name) {
        static Partition of(View view, LocalDate day) {
            if (view.resolution() == Resolution.HOURLY) {
                return new Partition(view, day, day.plusDays(1), "day=" + day);
            }
            YearMonth month = YearMonth.from(day);
            return new Partition(view, month.atDay(1), month.plusMonths(1).atDay(1), "month=" + month);
        }

        String path(ExportFormat format) {
            return view.tableName() + "/" + name + "/" + view.tableName()
                    + (format == ExportFormat.PARQUET ? ".parquet" : ".csv");
        }
    }

    /**
     * Brings a folder up to date with the warehouse. The partitions are written on the connection
     * and, when it is DuckDB's, on a duplicate of it whose transaction sees the same warehouse up
     * to the same change, each taking the next one not taken.
     *
     * @param connection a connection of its own, in auto-commit mode (it is when this returns)
     * @param directory the folder, created when missing
     * @param policy what a failed reading counts
     * @param formats the formats to write, at least one
     * @return the rows written per view by this update (0 for a view none of whose rows changed)
     * @throws SQLException when the database fails
     */
    public static ExportResult update(
            Connection connection, Path directory, FailurePolicy policy, Set<ExportFormat> formats)
            throws SQLException {
        return Exports.staged(directory, (target, staging) -> {
            Map<View, Long> rows = new EnumMap<>(View.class);
            for (View view : View.values()) {
                rows.put(view, 0L);
            }
            State old = State.read(target);
            List<String> written = new ArrayList<>();
            State next;
            // One transaction: every partition, and the change they are up to, from one state.
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                String warehouse = warehouseOf(statement);
                long change = changeOf(statement);
                next = new State(warehouse, change, policy, new TreeSet<>(formats));
                boolean anew = old == null
                        || !old.warehouse().equals(warehouse)
                        || old.policy() != policy
                        || !old.formats().equals(next.formats())
                        || old.change() > change
                        || !text(
                                        statement,
                                        "SELECT COUNT(*) FROM " + MaterializedViews.CHANGES + " WHERE change > "
                                                + old.change() + " AND epoch_day IS NULL")
                                .equals("0");
                String days = anew
                        ? "SELECT DISTINCT epoch_day FROM store_days ORDER BY epoch_day"
                        : "SELECT DISTINCT epoch_day FROM " + MaterializedViews.CHANGES + " WHERE change > "
                                + old.change() + " ORDER BY epoch_day";
                Set<Partition> partitions = new LinkedHashSet<>();
                try (ResultSet rs = statement.executeQuery(days)) {
                    while (rs.next()) {
                        LocalDate day = LocalDate.ofEpochDay(rs.getInt(1));
                        for (View view : View.values()) {
                            partitions.add(Partition.of(view, day));
                        }
                    }
                }
                Files.createDirectories(staging);
                // A sensor view's partition holds ten times a store view's rows: those go first, so
                // that the two connections end at about the same time.
                Queue<Partition> queue = new ConcurrentLinkedQueue<>();
                partitions.stream()
                        .filter(partition -> partition.view().level() == Level.SENSOR)
                        .forEach(queue::add);
                partitions.stream()
                        .filter(partition -> partition.view().level() != Level.SENSOR)
                        .forEach(queue::add);
                Connection second = inTheSameState(connection, warehouse, change);
                CompletableFuture<Written> helped = second == null
                        ? CompletableFuture.completedFuture(new Written())
                        : CompletableFuture.supplyAsync(
                                () -> {
                                    try (second) {
                                        return write(second, queue, staging, policy, next.formats());
                                    } catch (SQLException | IOException e) {
                                        throw new CompletionException(e);
                                    }
                                },
                                task -> new Thread(task, "sensors-export").start());
                Written own;
                try {
                    own = write(connection, queue, staging, policy, next.formats());
                } catch (SQLException | IOException | RuntimeException e) {
                    // The other connection is left nothing to take, and ends before the staging
                    // folder is removed.
                    queue.clear();
                    try {
                        join(helped);
                    } catch (SQLException | IOException | RuntimeException other) {
                        e.addSuppressed(other);
                    }
                    throw e;
                }
                for (Written done : List.of(own, join(helped))) {
                    written.addAll(done.files);
                    done.rows.forEach((view, count) -> rows.merge(view, count, Long::sum));
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            for (String path : written) {
                Path file = target.resolve(path);
                Files.createDirectories(file.getParent());
                AtomicOutput.replaceFile(staging.resolve(path), file);
            }
            next.write(target);
            return new ExportResult(target, rows);
        });
    }

    /** The files a connection wrote into the staging folder, and the rows of each view. */
    private static final class Written {
        final List<String> files = new ArrayList<>();
        final Map<View, Long> rows = new EnumMap<>(View.class);
    }

    /**
     * Writes the partitions a queue holds, taking one at a time, until it is empty.
     *
     * @param connection in a transaction of the export's state
     */
    private static Written write(
            Connection connection,
            Queue<Partition> queue,
            Path staging,
            FailurePolicy policy,
            Set<ExportFormat> formats)
            throws SQLException, IOException {
        Written written = new Written();
        for (Partition partition = queue.poll(); partition != null; partition = queue.poll()) {
            ViewQuery query = ViewQuery.of(partition.view())
                    .withFailurePolicy(policy)
                    .withDates(partition.from(), partition.to());
            ViewSql.Bound bound = StoredViewSql.filtered(query);
            String source = "(" + bound.sql() + ")";
            if (formats.size() > 1) {
                // The rows computed and sorted once, into a table each format copies in its order.
                run(connection, "CREATE OR REPLACE TEMP TABLE export_partition AS " + bound.sql(), bound);
                source = "export_partition";
                bound = new ViewSql.Bound("", List.of());
            }
            long count = 0;
            for (ExportFormat format : formats) {
                Path file = staging.resolve(partition.path(format));
                Files.createDirectories(file.getParent());
                // Each format holds the same rows.
                count = run(
                        connection,
                        "COPY " + source + " TO " + SqlLiterals.of(file.toString()) + options(format),
                        bound);
                written.files.add(partition.path(format));
            }
            written.rows.merge(partition.view(), count, Long::sum);
        }
        return written;
    }

    /**
     * A second connection to the same database, in a transaction that sees the views as the given
     * one does, so that the partitions are written on two threads: the same warehouse, up to the
     * same change ({@link MaterializedViews#CHANGES} logs every change of the views' rows). An
     * hourly export of a 400-store fleet took 0.5 s on one.
     *
     * @return the connection, in that transaction; null when it is not DuckDB's, or a commit came
     *     between the two (the given connection then writes every partition)
     */
    static Connection inTheSameState(Connection connection, String warehouse, long change) throws SQLException {
        if (!connection.isWrapperFor(DuckDBConnection.class)) {
            return null;
        }
        Connection second = connection.unwrap(DuckDBConnection.class).duplicate();
        try (Statement statement = second.createStatement()) {
            second.setAutoCommit(false);
            if (warehouse.equals(warehouseOf(statement)) && change == changeOf(statement)) {
                return second;
            }
        } catch (SQLException | RuntimeException e) {
            second.close();
            throw e;
        }
        second.close();
        return null;
    }

    /** @return the id of the warehouse a transaction sees */
    static String warehouseOf(Statement statement) throws SQLException {
        return text(statement, "SELECT id FROM " + MaterializedViews.IDENTITY);
    }

    /** @return the last change of the views a transaction sees (0 for none) */
    static long changeOf(Statement statement) throws SQLException {
        return Long.parseLong(text(statement, "SELECT COALESCE(MAX(change), 0) FROM " + MaterializedViews.CHANGES));
    }

    /** Waits for the second connection's partitions, and throws what its thread threw. */
    private static Written join(CompletableFuture<Written> helped) throws SQLException, IOException {
        try {
            return helped.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static String options(ExportFormat format) {
        return format == ExportFormat.PARQUET ? " (FORMAT PARQUET)" : " (FORMAT CSV, HEADER)";
    }

    /** Runs a statement with a query's bind parameters; returns its update count (a COPY's rows). */
    private static long run(Connection connection, String sql, ViewSql.Bound bound) throws SQLException {
        try (PreparedStatement statement = bound.prepare(connection, sql)) {
            return statement.executeLargeUpdate();
        }
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
