package org.sensorsandmore.http.client;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.text.FlatJson;

/**
 * Reads {@code /v1/stores}: a JSON array of flat objects whose values are strings or integers
 * ({@link FlatJson}), one store each.
 */
final class StoresJson {
    private StoresJson() {}

    static StoreNetwork parse(String json) {
        String start = json.stripLeading();
        if (!start.startsWith("[")) {
            // An HTML page, a proxy's error text: not a sensors API at all, whatever the parser would say.
            String shown = start.lines().findFirst().orElse("");
            throw new SensorsException(
                    "The server's answer to /v1/stores is not a JSON list of stores (it starts with '"
                            + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown)
                            + "'): is the address that of a sensors API?");
        }
        try {
            List<Map<String, String>> objects = FlatJson.objects(json);
            List<Store> stores = new ArrayList<>();
            for (Map<String, String> object : objects) {
                stores.add(Store.builder(require(object, "name"))
                        .zone(ZoneId.of(require(object, "zone")))
                        .opened(LocalDateTime.parse(require(object, "opened")))
                        .sensors(Integer.parseInt(require(object, "sensors")))
                        .build());
            }
            return new StoreNetwork(stores);
        } catch (RuntimeException e) {
            throw new SensorsException("The server's store list is not valid: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> object, String key) {
        String value = object.get(key);
        if (value == null) {
            throw new IllegalArgumentException("a store has no '" + key + "'");
        }
        return value;
    }
}
