package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.pipeline.Pipeline;

/** {@code /api/runs}: the pipeline's run log (Roma has four sensors), as the page's freshness line reads it. */
class DashboardRunsTest {
    @TempDir
    Path dir;

    @Test
    void listsThePipelinesRunsNewestFirstAndValidatesTheLimit() {
        Clock clock = Clock.fixed(Instant.parse("2024-07-03T10:00:00Z"), ZoneOffset.UTC);
        try (Warehouse warehouse = Warehouse.open(dir.resolve("w.duckdb"));
                SimulatedClient client = SimulatedClient.of(
                        new FootfallModel(3), StoreNetwork.original().only(List.of("Roma")));
                DashboardServer server =
                        DashboardServer.builder(warehouse).port(0).start()) {
            Http http = new Http(server.uri());
            assertThat(Http.list(Http.json(http.get("/api/runs").body()), "runs"))
                    .isEmpty();

            Pipeline pipeline = Pipeline.builder(client, warehouse)
                    .clock(clock)
                    .since(LocalDate.of(2024, 7, 1).atStartOfDay())
                    .build();
            pipeline.catchUp(LocalDateTime.of(2024, 7, 2, 0, 0));
            pipeline.catchUp(LocalDateTime.of(2024, 7, 2, 6, 0));

            List<Map<String, Object>> runs =
                    Http.list(Http.json(http.get("/api/runs").body()), "runs");
            assertThat(runs).extracting(run -> run.get("id")).containsExactly(2L, 1L);
            Map<String, Object> latest = runs.get(0);
            assertThat(latest)
                    .containsEntry("kind", "CATCH_UP")
                    .containsEntry("status", "SUCCEEDED")
                    .containsEntry("from", "2024-07-02T00:00")
                    .containsEntry("to", "2024-07-02T06:00")
                    .containsEntry("started", "2024-07-03T10:00:00Z")
                    .containsEntry("written", 6L * 4)
                    .containsEntry("attempts", 1L)
                    .containsEntry("error", null);
            assertThat(runs.get(1)).containsEntry("written", 24L * 4);
            assertThat(Http.list(Http.json(http.get("/api/runs?limit=1").body()), "runs"))
                    .singleElement()
                    .satisfies(run -> assertThat(run).containsEntry("id", 2L));

            for (String bad :
                    List.of("limit=0", "limit=1001", "limit=-1", "limit=x", "limit=1&limit=2", "store=Roma")) {
                HttpResponse<String> response = http.get("/api/runs?" + bad);
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
                assertThat(Http.json(response.body())).as(bad).containsKey("message");
            }
        }
    }
}
