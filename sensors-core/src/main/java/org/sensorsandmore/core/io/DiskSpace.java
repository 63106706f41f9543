package org.sensorsandmore.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Sizes for messages that refuse work too large to do: bytes in words, and the space left where a
 * file would be written, so that a refusal can say "about 3.6 GB (1.2 GB free in /data)".
 */
public final class DiskSpace {
    private DiskSpace() {}

    /**
     * @param bytes a size, 0 or more
     * @return the size in the unit that shows it best: 512 B, 3.4 MB, 5.0 GB, 1.2 TB
     */
    public static String describe(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * @param where a file or folder about to be written; it need not exist yet
     * @return "1.2 GB free in /data", for the nearest folder of it that exists, or empty when that
     *     cannot be known
     */
    public static Optional<String> freeNear(Path where) {
        Path folder = where.toAbsolutePath();
        while (folder != null && !Files.isDirectory(folder)) {
            folder = folder.getParent();
        }
        if (folder == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(describe(Files.getFileStore(folder).getUsableSpace()) + " free in " + folder);
        } catch (IOException e) {
            return Optional.empty(); // the size alone still says enough
        }
    }
}
