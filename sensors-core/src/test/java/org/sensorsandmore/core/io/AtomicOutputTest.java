package org.sensorsandmore.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class AtomicOutputTest {
    @TempDir
    Path dir;

    private Path written(String content) throws IOException {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        return Files.writeString(Files.createTempFile(staging, "new", ".csv"), content);
    }

    @Test
    void aFileReplacesARegularFileWhole() throws IOException {
        Path target = Files.writeString(dir.resolve("views.csv"), "old");
        Path written = written("new");

        AtomicOutput.replaceFile(written, target);

        assertThat(target).hasContent("new");
        assertThat(written).doesNotExist();
    }

    @Test
    void aLinkIsFollowedAndItsTargetReplacedWhileTheLinkStaysALink() throws IOException {
        Path real = Files.writeString(
                Files.createDirectories(dir.resolve("elsewhere")).resolve("real.csv"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("views.csv"), real);

        AtomicOutput.replaceFile(written("new"), link);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
    }

    @Test
    void aFifoIsWrittenIntoAndStaysAFifo() throws Exception {
        Path fifo = mkfifo(dir.resolve("pipe"));
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo); // blocks until a writer opens the FIFO, then reads to its end
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        AtomicOutput.replaceFile(written("through the pipe"), fifo);

        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
        assertThat(fifo).exists();
    }

    @Test
    void aFolderIsNotReplacedByAFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("views.csv"));
        Files.writeString(folder.resolve("keep.txt"), "kept");
        Path written = written("new");

        assertThatThrownBy(() -> AtomicOutput.replaceFile(written, folder))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("it is a folder");

        assertThat(folder.resolve("keep.txt")).hasContent("kept");
    }

    @Test
    void aFolderReplacesAFolderWholeAndLeavesNothingBesideIt() throws IOException {
        Path target = Files.createDirectories(dir.resolve("out").resolve("views.parquet"));
        Files.writeString(target.resolve("old.parquet"), "old");
        Path written = Files.createDirectories(dir.resolve("staging").resolve("views.parquet"));
        Files.writeString(written.resolve("new.parquet"), "new");

        AtomicOutput.replaceFolder(written, target);

        assertThat(names(target)).containsExactly("new.parquet");
        assertThat(names(target.getParent())).containsExactly("views.parquet");
        assertThat(names(dir.resolve("staging"))).isEmpty();
    }

    @Test
    void aFileWhereAFolderGoesIsRefusedAndKept() throws IOException {
        Path target = Files.writeString(dir.resolve("views.parquet"), "a file of the user's");
        Path written = Files.createDirectories(dir.resolve("staging").resolve("views.parquet"));

        assertThatThrownBy(() -> AtomicOutput.replaceFolder(written, target))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("it is not a folder");

        assertThat(target).hasContent("a file of the user's");
    }

    @Test
    void deletingATreeDeletesALinkInItNotWhatItPointsAt() throws IOException {
        Path kept = Files.writeString(dir.resolve("kept.txt"), "kept");
        Path tree = Files.createDirectories(dir.resolve("tree").resolve("sub"));
        Files.createSymbolicLink(tree.resolve("link"), kept);

        AtomicOutput.deleteTree(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(kept).hasContent("kept");
    }

    /**
     * A FIFO made by mkfifo(1): Java cannot make one. For the tests of every writer.
     *
     * @param path where
     * @return the path
     */
    public static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(mkfifo.waitFor())
                .as(new String(mkfifo.getInputStream().readAllBytes()))
                .isZero();
        return path;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
