package org.sensorsandmore.core.csv;

import java.nio.file.Path;
import java.util.Objects;

/** The repository's {@code testdata/} folder, as the build tells the tests (pom.xml's surefire configuration). */
final class TestData {
    private TestData() {}

    /** @return {@code testdata/original-raw-2024-07-01_2024-08-07.csv} */
    static Path originalRaw() {
        return folder().resolve("original-raw-2024-07-01_2024-08-07.csv");
    }

    static Path folder() {
        return Path.of(Objects.requireNonNull(System.getProperty("sensors.testdata"), "sensors.testdata"));
    }
}
