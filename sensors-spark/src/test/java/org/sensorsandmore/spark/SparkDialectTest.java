package org.sensorsandmore.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;

class SparkDialectTest {
    @ParameterizedTest
    @EnumSource(View.class)
    void everyViewTextIsSensorsSqlsOwnWithItsPlaceholdersFilled(View view) {
        for (FailurePolicy policy : FailurePolicy.values()) {
            String sql = SparkDialect.view(view, 4, policy);

            assertThat(sql).contains("FROM readings");
            assertThat(sql.replaceAll("--[^\n]*", "")).doesNotContain("{{");
        }
    }
}
