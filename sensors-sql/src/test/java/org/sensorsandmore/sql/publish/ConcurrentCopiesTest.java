package org.sensorsandmore.sql.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentCopiesTest {
    @TempDir
    Path dir;

    /** A writer as a publish finds it: a table committed, a transaction of its own open. */
    private static Connection writer() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE t AS SELECT CAST(range AS INTEGER) AS id, range % 7 AS v FROM range(100000)");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    private Publisher.Output output(Statement statement) throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path folder = Files.createDirectories(dir.resolve("folder"));
        return new Publisher.Output(statement, staging, folder, 1);
    }

    private static long rows(Statement statement, Path file) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM read_parquet('" + file + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyFileIsWrittenOnceAndSaysWhetherItHadRows() throws Exception {
        try (Connection connection = writer();
                Statement statement = connection.createStatement()) {
            Publisher.Output out = output(statement);
            List<ConcurrentCopies.Copy> copies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // The sixth has no rows: no file, and false.
                String rows = i == 5
                        ? "SELECT * FROM t WHERE id < 0"
                        : "SELECT * FROM t WHERE id BETWEEN " + i * 1000 + " AND " + (i * 1000 + 999 - i)
                                + " ORDER BY id";
                copies.add(new ConcurrentCopies.Copy(rows, "part=" + i + "/g1.parquet"));
            }

            boolean[] written = ConcurrentCopies.write(out, connection, copies);

            for (int i = 0; i < copies.size(); i++) {
                Path file = out.folder().resolve("part=" + i + "/g1.parquet");
                assertThat(written[i]).as("copy %d", i).isEqualTo(i != 5);
                if (i == 5) {
                    assertThat(file).doesNotExist();
                } else {
                    assertThat(rows(statement, file)).as("copy %d", i).isEqualTo(1000 - i);
                }
            }
            try (var left = Files.list(out.staging())) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void aFailedCopyIsThrownAndTheWriterGoesOn() throws Exception {
        try (Connection connection = writer();
                Statement statement = connection.createStatement()) {
            Publisher.Output out = output(statement);
            List<ConcurrentCopies.Copy> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String table = i == 3 ? "missing" : "t";
                copies.add(new ConcurrentCopies.Copy(
                        "SELECT * FROM " + table + " WHERE id < 10", "part=" + i + ".parquet"));
            }

            assertThatThrownBy(() -> ConcurrentCopies.write(out, connection, copies))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("missing");
            // What the writer does next, as a publish that failed does: roll back, and go on.
            connection.rollback();
            try (Statement next = connection.createStatement();
                    ResultSet rs = next.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(100_000);
            }
        }
    }
}
