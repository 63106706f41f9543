package org.sensorsandmore.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

@Tag("spark")
class SparkViewsTest {
    @TempDir
    static Path dir;

    private static Warehouse duckdb;
    private static SparkViews spark;

    @BeforeAll
    static void fleet() {
        Fleet.write(dir.resolve("raw"));
        duckdb = Fleet.warehouse(dir.resolve("raw"));
        spark = SparkViews.overParquet(Fleet.spark(), dir.resolve("raw").toString());
    }

    @AfterAll
    static void close() {
        duckdb.close();
    }

    private static void assertSameRows(View view, FailurePolicy policy) {
        List<ViewRow> expected = duckdb.query(ViewQuery.of(view).withFailurePolicy(policy));
        List<ViewRow> actual = spark.rows(view, policy);

        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("row %d of %s, %s", i, view, policy).isEqualTo(expected.get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void everyViewEqualsDuckDbRowForRowWithFailuresExcluded(View view) {
        assertSameRows(view, FailurePolicy.EXCLUDE);
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void everyViewEqualsDuckDbRowForRowWithFailuresAsZero(View view) {
        assertSameRows(view, FailurePolicy.LEGACY_ZERO);
    }

    @Test
    void theFleetHasWhatTheComparisonMustCover() {
        List<ViewRow> hours = duckdb.query(ViewQuery.of(View.SENSOR_HOURLY));
        List<ViewRow> days = duckdb.query(ViewQuery.of(View.STORE_DAILY));

        assertThat(hours).hasSize(50 * 10 * (8 * 7 - 1) * 24);
        assertThat(hours).anyMatch(row -> row.failed() == 1 && row.visits() == null);
        assertThat(hours).anyMatch(row -> row.pctDiff() == null && row.baseline() != null);
        assertThat(days).anyMatch(row -> row.failed() > 0 && row.visits() != null);
        assertThat(days).noneMatch(row -> row.date().equals(Fleet.MISSING));
        assertThat(days).anyMatch(row -> row.date().equals(Fleet.MISSING.plusWeeks(1)));
    }

    @Test
    void baselineWeeksAreThoseAsked() {
        long twoWeeks = spark.view(View.STORE_DAILY, FailurePolicy.EXCLUDE, 2)
                .where("baseline = visits")
                .count();
        long oneWeek = spark.view(View.STORE_DAILY, FailurePolicy.EXCLUDE, 1)
                .where("baseline = visits")
                .count();

        assertThat(oneWeek).isEqualTo(50 * (8 * 7 - 1));
        assertThat(twoWeeks).isLessThan(oneWeek);
    }
}
