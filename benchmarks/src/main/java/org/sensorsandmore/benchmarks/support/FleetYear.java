package org.sensorsandmore.benchmarks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.storage.Schema;

/**
 * Warehouse files of a simulated fleet (ten sensors a store, footfall model, seed 42, days from
 * 2024-01-01), kept under {@code benchmarks/target/fleet-cache/} once written, so that each
 * benchmark trial opens or copies one instead of simulating and loading 35 M readings again. Not
 * instantiable; two processes writing the same missing file at once is not guarded against.
 */
public final class FleetYear {
    public static final LocalDate FROM = LocalDate.of(2024, 1, 1);

    private FleetYear() {}

    /** @return the fleet of {@code stores} stores */
    public static StoreNetwork fleet(int stores) {
        return StoreNetwork.fleet(stores, 10);
    }

    /**
     * @param stores stores in the fleet
     * @param only how many of them the file holds (the first ones by name)
     * @param days days from {@link #FROM}
     * @return the cached file, written first when missing
     */
    public static Path file(int stores, int only, int days) throws IOException {
        Path cache = Path.of("benchmarks", "target", "fleet-cache").toAbsolutePath();
        Files.createDirectories(cache);
        // Named by the schema too: a file an older library wrote would be migrated on every open.
        Path file = cache.resolve(
                "fleet-" + stores + "x10-" + only + "-stores-" + days + "d-v" + Schema.CURRENT + ".duckdb");
        if (!Files.exists(file)) {
            // Written in a folder of its own, whose other files (the published views, the closed
            // stamp) belong to the name it was written under and go with the folder.
            Path partial = cache.resolve(file.getFileName() + ".partial");
            AtomicOutput.deleteTree(partial);
            Files.createDirectories(partial);
            Path written = partial.resolve(file.getFileName());
            StoreNetwork fleet = fleet(stores);
            List<String> names = fleet.names().subList(0, only);
            try (Warehouse warehouse = Warehouse.open(written);
                    SimulatedClient client =
                            SimulatedClient.of(ReadingGenerator.of(new FootfallModel(42), fleet.only(names))
                                    .withThreads(2))) {
                warehouse.ingest(client, HourWindow.of(FROM, FROM.plusDays(days)));
            }
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            AtomicOutput.deleteTree(partial);
        }
        return file;
    }

    /** @return a copy of the cached file in a folder, for a benchmark that writes */
    public static Path copy(int stores, int only, int days, Path dir) throws IOException {
        Path copy = dir.resolve("fleet.duckdb");
        Files.copy(file(stores, only, days), copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }
}
