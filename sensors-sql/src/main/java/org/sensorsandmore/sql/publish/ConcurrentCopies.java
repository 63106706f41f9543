package org.sensorsandmore.sql.publish;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * The files of a publish written on two connections at once. DuckDB writes a sorted parquet file
 * on one thread, so on two cores a whole publish (100 files for a year of a 400-store fleet) takes
 * about three quarters of its time in turn (BENCHMARKS.md).
 *
 * <p>The second connection is a duplicate of the writer's. It reads what the writer committed, as
 * the publish on the writer's connection does: a publish runs under the warehouse's write lock,
 * right after a commit, so no commit comes between the two. Each file is taken by whichever
 * connection is free; the first failure stops both and is thrown, the other's added to it.
 */
final class ConcurrentCopies {
    /** A file to write: a query's rows, and the file's name in the published folder. */
    record Copy(String rows, String name) {}

    private final List<Copy> copies;
    private final boolean[] written;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean failed = new AtomicBoolean();

    private ConcurrentCopies(List<Copy> copies) {
        this.copies = copies;
        this.written = new boolean[copies.size()];
    }

    /**
     * Writes every copy, on the output's connection and, when there are several copies, on a
     * duplicate of it.
     *
     * @param out where the files go, and the writer's statement
     * @param connection the writer's connection
     * @param copies the files to write
     * @return per copy, in order, whether it had rows ({@link Publisher.Output#copy})
     * @throws SQLException when the database fails
     * @throws IOException when a file cannot be moved into the folder
     */
    static boolean[] write(Publisher.Output out, Connection connection, List<Copy> copies)
            throws SQLException, IOException {
        ConcurrentCopies work = new ConcurrentCopies(copies);
        if (copies.size() < 2 || !connection.isWrapperFor(DuckDBConnection.class)) {
            work.take(out);
            return work.written;
        }
        DuckDBConnection writer = connection.unwrap(DuckDBConnection.class);
        FutureTask<Void> helper = new FutureTask<>(() -> {
            try (Connection second = writer.duplicate();
                    Statement statement = second.createStatement()) {
                // A sorted file needs the insertion order kept (the writer's session drops it).
                statement.execute("SET preserve_insertion_order = true");
                work.take(new Publisher.Output(statement, out.staging(), out.folder(), out.generation()));
            }
            return null;
        });
        Thread thread = new Thread(helper, "publish-copies");
        thread.setDaemon(true);
        thread.start();
        Exception first = null;
        try {
            work.take(out);
        } catch (SQLException | IOException | RuntimeException e) {
            first = e;
        }
        Throwable second = outcome(helper);
        if (first == null && second == null) {
            return work.written;
        }
        Throwable thrown = first != null ? first : second;
        if (first != null && second != null) {
            first.addSuppressed(second);
        }
        if (thrown instanceof SQLException e) {
            throw e;
        }
        if (thrown instanceof IOException e) {
            throw e;
        }
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(thrown);
    }

    /** Writes the copies no connection has taken yet, until none is left or one failed. */
    private void take(Publisher.Output out) throws SQLException, IOException {
        for (int i = next.getAndIncrement(); i < copies.size() && !failed.get(); i = next.getAndIncrement()) {
            try {
                written[i] = out.copy(copies.get(i).rows(), copies.get(i).name());
            } catch (SQLException | IOException | RuntimeException e) {
                failed.set(true);
                throw e;
            }
        }
    }

    /**
     * Waits for the helper, however long: it writes into the staging folder, which the publish
     * removes when it returns. An interrupt is kept for the caller.
     *
     * @return what it threw, or null
     */
    private static Throwable outcome(FutureTask<Void> helper) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    helper.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
