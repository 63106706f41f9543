package org.sensorsandmore.core.csv;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code testdata/} folder from wherever the tests run. */
final class TestData {
    private TestData() {}

    /** @return {@code testdata/original-raw-2024-07-01_2024-08-07.csv} */
    static Path originalRaw() {
        return folder().resolve("original-raw-2024-07-01_2024-08-07.csv");
    }

    static Path folder() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No testdata/ folder above " + System.getProperty("user.dir"));
    }
}
