package org.sensorsandmore.http.dashboard;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;

/**
 * A real warehouse file for the endpoint and browser tests: six weeks of simulated readings
 * (footfall model, seed 7) of Roma (four sensors) and a one-sensor store whose name is a script.
 */
final class WarehouseFixture {
    static final String ROMA = "Roma";

    /**
     * A script, a comma and quotes: what a real store may be called. A name starting with a formula
     * is refused by the warehouse itself; {@link FixtureData#HOSTILE}, which bypasses it as a database
     * written before that rule would, keeps the dashboard's own neutralising tested.
     */
    static final String HOSTILE = "<script>alert(1)</script>, =HYPERLINK(\"http://evil\")";

    static final LocalDate FIRST = LocalDate.of(2024, 6, 3);
    static final LocalDate END = FIRST.plusWeeks(6);

    private WarehouseFixture() {}

    static Warehouse open(Path dir) {
        StoreNetwork network = StoreNetwork.of(
                StoreNetwork.original().store(ROMA),
                Store.builder(HOSTILE)
                        .zone(ZoneId.of("Europe/Paris"))
                        .sensors(1)
                        .build());
        Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"));
        try (SimulatedClient client = SimulatedClient.of(new FootfallModel(7), network)) {
            warehouse.ingest(client, HourWindow.of(FIRST, END));
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
        return warehouse;
    }
}
