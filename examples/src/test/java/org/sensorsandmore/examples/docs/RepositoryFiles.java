package org.sensorsandmore.examples.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are, seen from a test of the {@code examples} module. */
final class RepositoryFiles {
    private RepositoryFiles() {}

    /**
     * The repository's root: the parent of the module's folder. Maven's surefire gives that folder as
     * {@code basedir} whatever the working directory; an IDE runs tests in it.
     *
     * @return the root, which holds {@code README.md} and {@code sensors-bom/}
     */
    static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
        for (Path dir = module; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sensors-bom"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (README.md beside sensors-bom/) above " + module);
    }
}
