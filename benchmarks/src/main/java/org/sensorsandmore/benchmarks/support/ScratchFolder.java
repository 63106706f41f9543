package org.sensorsandmore.benchmarks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.Warehouse;

/**
 * A temporary folder of a benchmark's own for the files it writes, deleted with everything in it
 * when closed at tear-down. Not thread-safe.
 */
public final class ScratchFolder implements AutoCloseable {
    private final Path dir;

    private ScratchFolder(Path dir) {
        this.dir = dir;
    }

    /** @return a new, empty folder under the system's temporary folder, its name starting with {@code prefix} */
    public static ScratchFolder create(String prefix) throws IOException {
        return new ScratchFolder(Files.createTempDirectory(prefix));
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }

    /** @return the path of {@code name} in the folder */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /**
     * @param name the warehouse file's name in the folder
     * @param readings the simulated readings it is filled with
     * @param window the hours ingested
     * @return the warehouse, open, holding the readings of the window
     */
    public Warehouse warehouse(String name, ReadingGenerator readings, HourWindow window) {
        Warehouse warehouse = Warehouse.open(dir.resolve(name));
        try (SimulatedClient client = SimulatedClient.of(readings)) {
            warehouse.ingest(client, window);
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
        return warehouse;
    }

    /** Deletes the folder and all it holds, the deepest first. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
