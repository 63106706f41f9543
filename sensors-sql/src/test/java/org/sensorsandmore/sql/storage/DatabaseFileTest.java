package org.sensorsandmore.sql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sensorsandmore.sql.testing.Fixtures.mondays;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;

/** A database closed by the warehouse is trusted at its next open only while it is the same file, unchanged. */
class DatabaseFileTest {
    @TempDir
    Path dir;

    @Test
    void aClosedWarehouseLeavesAStampThatMatchesItsFileUntilTheFileChanges() throws Exception {
        Path file = dir.resolve("w.duckdb");
        assertThat(DatabaseFile.unchangedSinceClosed(file)).as("never opened").isFalse();
        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(0));
        }
        assertThat(DatabaseFile.closedStamp(file)).exists();
        assertThat(DatabaseFile.unchangedSinceClosed(file)).isTrue();

        // Same size and bytes, another time: an edit that kept the size.
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 1_000));
        assertThat(DatabaseFile.unchangedSinceClosed(file)).isFalse();

        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(1));
        }
        assertThat(DatabaseFile.unchangedSinceClosed(file)).isTrue();
        // A copy with the same size and time is another file.
        Path copy = dir.resolve("copy.duckdb");
        Files.copy(file, copy);
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(file));
        Files.copy(DatabaseFile.closedStamp(file), DatabaseFile.closedStamp(copy));
        assertThat(Files.getLastModifiedTime(copy)).isEqualTo(Files.getLastModifiedTime(file));
        assertThat(DatabaseFile.unchangedSinceClosed(copy)).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("no temporary stamp left")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    @Timeout(60) // what reading the FIFO would do is block, not fail
    void aFifoWhereTheStampGoesIsNoStampAndIsNotRead() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(0));
        }
        Files.delete(DatabaseFile.closedStamp(file));
        Process mkfifo =
                new ProcessBuilder("mkfifo", DatabaseFile.closedStamp(file).toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThat(DatabaseFile.unchangedSinceClosed(file)).isFalse();
        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(1));
        }
        assertThat(DatabaseFile.closedStamp(file)).isRegularFile();
        assertThat(DatabaseFile.unchangedSinceClosed(file)).isTrue();
    }

    @Test
    void aClosedDatabaseTruncatedInPlaceIsStillRefused() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            warehouse.ingest(mondays(0));
        }
        try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw")) {
            cut.setLength(300_000);
        }

        assertThatThrownBy(() -> Warehouse.open(file).close())
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("the file is truncated");
        assertThat(file).hasSize(300_000);
    }
}
