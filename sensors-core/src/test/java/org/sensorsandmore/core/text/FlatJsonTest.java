package org.sensorsandmore.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {
    @Test
    void anObjectGivesItsMembersInOrderWithEscapesReadAndIntegersAsDigits() {
        Map<String, String> object = FlatJson.object(
                " {\"status\": \"UP\", \"now\":\"2024-07-01T10:00\", \"n\": -12, \"s\": \"a\\\"b\\u00e9\\n\"} ");

        assertThat(object)
                .containsExactly(
                        Map.entry("status", "UP"),
                        Map.entry("now", "2024-07-01T10:00"),
                        Map.entry("n", "-12"),
                        Map.entry("s", "a\"bé\n"));
    }

    @Test
    void anArrayGivesEachObject() {
        assertThat(FlatJson.objects("[{\"name\":\"Paris\",\"sensors\":4},{}]"))
                .isEqualTo(List.of(Map.of("name", "Paris", "sensors", "4"), Map.of()));
        assertThat(FlatJson.objects("[ ]")).isEmpty();
    }

    @Test
    void anythingElseIsRefusedSayingWhere() {
        assertThatThrownBy(() -> FlatJson.object("{\"a\": [1]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at 6");
        assertThatThrownBy(() -> FlatJson.object("{\"a\": \"b\"} trailing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the value");
        assertThatThrownBy(() -> FlatJson.objects("[{\"a\": \"b\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends too early");
        assertThatThrownBy(() -> FlatJson.object("<html>")).isInstanceOf(IllegalArgumentException.class);
    }
}
