package org.sensorsandmore.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How every writer of the library puts a file or a folder in place: where a path really points (its
 * symbolic links followed), the hidden temporary file written beside it, the rename that replaces
 * the target whole, and the removal of temporary files that a killed process left behind. A file
 * that is not a regular file (a FIFO, a device) is never replaced: it is written into. A reader of
 * the target sees the old file or the new one, never a part.
 *
 * <p>A temporary file is locked by its writer for as long as it writes ({@link FileChannel#lock()}, a
 * lock the operating system drops when the process dies, however it dies): a temporary file that can
 * be locked has no live writer and is removed by the next write to the same target. A JVM shutdown
 * (SIGINT, SIGTERM) removes the temporary files still being written, through a shutdown hook.
 *
 * <p>This class is thread-safe.
 */
public final class AtomicOutput {
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
    public static Path destination(Path target) throws IOException {
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
    public static Path temporaryFor(Path destination) {
        return destination.resolveSibling("." + destination.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /**
     * Creates the temporary file and locks it; the lock lives as long as the channel.
     *
     * @param temp a name from {@link #temporaryFor}
     * @return the open channel, positioned at the start
     * @throws IOException when the file cannot be created or locked
     */
    public static FileChannel create(Path temp) throws IOException {
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
    public static Registration deleteOnShutdown(Path temp) {
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

    /**
     * Puts a finished file in a target's place. A regular file (or none) is replaced by a rename, so
     * a reader sees the old file or the new one; a symbolic link is followed and its target replaced,
     * the link staying a link; a FIFO or a device is written into, never replaced. When the file is
     * on another file system than the target, it is first copied beside the target.
     *
     * @param written the finished file; moved or deleted
     * @param target where it goes
     * @throws IOException when the target is a folder, or a copy, rename or write fails; the target is
     *     then as it was (or, for a FIFO or a device, partly written)
     */
    public static void replaceFile(Path written, Path target) throws IOException {
        Path destination = destination(target);
        if (Files.isDirectory(destination)) {
            throw new FileSystemException(target.toString(), null, "it is a folder");
        }
        if (Files.exists(destination) && !Files.isRegularFile(destination)) {
            // WRITE alone: no CREATE (it exists), no TRUNCATE (meaningless for a device or a FIFO).
            try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.WRITE)) {
                Files.copy(written, out);
            }
            Files.delete(written);
            return;
        }
        try {
            Files.move(written, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system (a link to elsewhere): copied beside the target, then renamed in.
            Path temp = temporaryFor(destination);
            try (Registration hook = deleteOnShutdown(temp)) {
                Files.copy(written, temp);
                Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException failure) {
                deleteIfExists(temp);
                throw failure;
            }
            Files.delete(written);
        }
    }

    /**
     * Puts a finished folder in a target folder's place: the old folder is renamed aside, beside the
     * finished one (in the writer's own staging, never inside the target's parent where a glob of
     * it would see it), the new one is renamed in, and the old one deleted. A reader in that instant
     * finds no folder, never a mix of old and new files. A symbolic link is followed.
     *
     * @param written the finished folder, on the target's file system; moved
     * @param target the folder it replaces, if any
     * @throws IOException when the target is not a folder, or a rename fails
     */
    public static void replaceFolder(Path written, Path target) throws IOException {
        Path destination = destination(target);
        boolean hadOld = Files.exists(destination);
        if (hadOld && !Files.isDirectory(destination)) {
            throw new FileSystemException(target.toString(), null, "it is not a folder");
        }
        Path old =
                written.toAbsolutePath().resolveSibling("." + destination.getFileName() + ".old-" + UUID.randomUUID());
        if (hadOld) {
            Files.move(destination, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(written, destination, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (hadOld) {
                Files.move(old, destination, StandardCopyOption.ATOMIC_MOVE); // the old one back
            }
            throw e;
        }
        if (hadOld) {
            deleteTree(old);
        }
    }

    /**
     * Deletes a file or a folder and everything in it; nothing when it is missing. A symbolic link
     * is deleted, never followed.
     *
     * @param root what to delete
     * @throws UncheckedIOException when something cannot be deleted
     */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why a write failed, in words for a user: the reason without the exception's class name, which
     * means nothing to one.
     *
     * @param failure what the write threw
     * @param file the file it wrote
     * @return a short reason, such as "folder /data does not exist" or "permission denied"
     */
    public static String reason(IOException failure, Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (failure instanceof NoSuchFileException && folder != null && !Files.isDirectory(folder)) {
            return "folder " + folder + " does not exist";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileAlreadyExistsException) {
            // Its message is the path alone: a folder was wanted where a file is, or a new file's name is taken.
            return Files.isRegularFile(file) ? "a file is in the way" : "it already exists";
        }
        if (failure instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return String.valueOf(failure.getMessage());
    }

    /**
     * A failed write in words for a user: the file it names, if any, and why.
     *
     * @param failure what the write threw
     * @return "FILE: REASON", or the reason alone when the failure names no file
     */
    public static String describe(IOException failure) {
        if (failure instanceof FileSystemException fileSystem && fileSystem.getFile() != null) {
            return fileSystem.getFile() + ": " + reason(failure, Path.of(fileSystem.getFile()));
        }
        return String.valueOf(failure.getMessage());
    }

    /** A shutdown hook's registration: closing it removes the hook. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
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
    public static void removeStale(Path destination) {
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

    /**
     * Deletes a file, telling no one when it cannot: for temporary files, at shutdown or after a
     * failure that is reported instead.
     *
     * @param file the file
     */
    public static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // At shutdown there is no one left to tell; the next write removes it.
        }
    }
}
