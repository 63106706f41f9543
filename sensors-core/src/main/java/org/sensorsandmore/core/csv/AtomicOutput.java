package org.sensorsandmore.core.csv;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The file-system side of {@link ReadingCsvWriter#writeAtomically}: where a path really points, the
 * hidden temporary file written beside it, and the removal of temporary files that a killed process
 * left behind.
 *
 * <p>A temporary file is locked by its writer for as long as it writes ({@link FileChannel#lock()}, a
 * lock the operating system drops when the process dies, however it dies): a temporary file that can
 * be locked has no live writer and is removed by the next write to the same target. A JVM shutdown
 * (SIGINT, SIGTERM) removes the temporary files still being written, through a shutdown hook.
 *
 * <p>This class is thread-safe.
 */
final class AtomicOutput {
    /** As Linux's own limit on symbolic links followed in one lookup. */
    private static final int MAX_LINKS = 40;

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /**
     * Temporary files this JVM is writing. Never opened by the sweep: closing any channel of a file
     * drops every lock this process holds on it, the writer's included.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicOutput() {}

    /**
     * The file a path names once its symbolic links are followed, even a link to a file not yet there:
     * that file is what gets replaced, and the link stays a link.
     *
     * @param target the path given, absolute or relative
     * @return an absolute path that is not a symbolic link
     * @throws IOException when a link cannot be read, or links form a loop
     */
    static Path destination(Path target) throws IOException {
        Path path = target.toAbsolutePath();
        for (int links = 0; Files.isSymbolicLink(path); links++) {
            if (links == MAX_LINKS) {
                throw new FileSystemException(target.toString(), null, "too many levels of symbolic links");
            }
            // A relative link is relative to the folder holding it; an absolute one replaces the path.
            path = path.resolveSibling(Files.readSymbolicLink(path));
        }
        return path;
    }

    /** @return a new hidden name beside {@code destination}: {@code .NAME.<uuid>.tmp} */
    static Path temporaryFor(Path destination) {
        return destination.resolveSibling("." + destination.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /**
     * Creates the temporary file and locks it; the lock lives as long as the channel.
     *
     * @param temp a name from {@link #temporaryFor}
     * @return the open channel, positioned at the start
     * @throws IOException when the file cannot be created or locked
     */
    static FileChannel create(Path temp) throws IOException {
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WRITING.add(temp);
        try {
            channel.lock();
            return channel;
        } catch (IOException | RuntimeException e) {
            WRITING.remove(temp);
            channel.close();
            throw e;
        }
    }

    /**
     * Deletes the temporary file when the JVM shuts down (a signal) before {@link
     * Registration#close()} is called.
     *
     * @param temp the temporary file
     * @return the registration to close once the file was moved or deleted
     */
    static Registration deleteOnShutdown(Path temp) {
        Thread hook = new Thread(() -> deleteIfExists(temp), "sensors-delete-" + temp.getFileName());
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            WRITING.remove(temp);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs, and finds the file gone or deletes it.
            }
        };
    }

    /** A shutdown hook's registration: closing it removes the hook. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Removes the temporary files of earlier writes to {@code destination} whose writer is gone (a
     * SIGKILL, a power cut): those nobody holds a lock on. A file being written by a live process, or
     * by this JVM, is left alone. Failures are ignored: a leftover file costs disk, not correctness.
     *
     * @param destination the file about to be written
     */
    static void removeStale(Path destination) {
        Path folder = destination.getParent();
        if (folder == null) {
            return;
        }
        Pattern name = Pattern.compile(
                Pattern.quote("." + destination.getFileName() + ".") + UUID_PATTERN + Pattern.quote(".tmp"));
        DirectoryStream.Filter<Path> leftover =
                file -> name.matcher(file.getFileName().toString()).matches();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, leftover)) {
            for (Path file : files) {
                if (!WRITING.contains(file) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    removeIfUnlocked(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Nothing to clean, or a folder we cannot list: the write itself reports what matters.
        }
    }

    private static void removeIfUnlocked(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | OverlappingFileLockException e) {
            // Gone already, or held: a live writer's file.
        }
    }

    static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // At shutdown there is no one left to tell; the next write removes it.
        }
    }
}
