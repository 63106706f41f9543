package org.sensorsandmore.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.publish.PublishedViews;

/** {@code /api/alerts}: open incidents first, as the page's Alerts tab and badges read them, from a warehouse or its published views. */
class DashboardAlertsTest {
    @TempDir
    Path dir;

    @Test
    void listsOpenIncidentsFirstFromTheWarehouseAndFromItsPublishedViews() {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse warehouse = Warehouse.open(file)) {
            AlertsFixture.staleLyonRecoveredNiceOpen(warehouse);

            try (DashboardServer server =
                    DashboardServer.builder(warehouse).port(0).start()) {
                assertAlerts(new Http(server.uri()));
            }
        }
        try (PublishedViews views = PublishedViews.open(PublishedViews.folderOf(file));
                DashboardServer server = DashboardServer.builder(views).port(0).start()) {
            assertAlerts(new Http(server.uri()));
        }
    }

    private static void assertAlerts(Http http) {
        Map<String, Object> answer = Http.json(http.get("/api/alerts").body());
        assertThat(answer).containsEntry("open", 1L);
        List<Map<String, Object>> incidents = Http.list(answer, "incidents");
        assertThat(incidents).hasSize(2);
        assertThat(incidents.get(0))
                .containsEntry("id", 2L)
                .containsEntry("rule", "stale")
                .containsEntry("store", "Nice")
                .containsEntry("sensor_id", null)
                .containsEntry("status", "open")
                .containsEntry("since", "2024-07-02T00:00")
                .containsEntry("opened_at", "2024-07-02T05:00:00Z")
                .containsEntry("closed_at", null)
                .containsEntry("recovery", null);
        assertThat((String) incidents.get(0).get("detail")).contains("5 complete hours missing");
        assertThat(incidents.get(1))
                .containsEntry("id", 1L)
                .containsEntry("store", "Lyon")
                .containsEntry("status", "closed")
                .containsEntry("closed_at", "2024-07-02T05:10:00Z");
        assertThat(Http.list(Http.json(http.get("/api/alerts?limit=1").body()), "incidents"))
                .singleElement()
                .satisfies(incident -> assertThat(incident).containsEntry("id", 2L));
        HttpResponse<String> bad = http.get("/api/alerts?limit=0");
        assertThat(bad.statusCode()).isEqualTo(400);
    }
}
