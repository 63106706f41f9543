package org.sensorsandmore.sql.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of an export folder kept by {@code Warehouse.exportChanges}, with their times, so that
 * a test can stamp them and see which an update rewrote.
 *
 * <p>Shared by the tests of several packages, hence public; test code only.
 */
public final class ExportedFiles {
    /** A time no write leaves: a file still stamped with it was not written again. */
    public static final FileTime STAMP = FileTime.fromMillis(0);

    private ExportedFiles() {}

    /** @return the views' files (not the hidden state), by path in the folder, with their times */
    public static Map<Path, FileTime> times(Path folder) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = folder.relativize(file);
                if (!relative.getFileName().toString().startsWith(".")) {
                    times.put(relative, Files.getLastModifiedTime(file));
                }
            }
        }
        return times;
    }

    /** Sets every file's time to {@link #STAMP}. */
    public static void stamp(Path folder) throws IOException {
        for (Path file : times(folder).keySet()) {
            Files.setLastModifiedTime(folder.resolve(file), STAMP);
        }
    }
}
