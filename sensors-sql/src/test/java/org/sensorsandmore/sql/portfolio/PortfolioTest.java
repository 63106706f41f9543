package org.sensorsandmore.sql.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.publish.PublishedViews;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * The portfolio against the views it summarises, on a simulated year of three stores: Madrid
 * (opened 2024-01-01, so not like for like), Roma and Berlin, whose sensor 0 fails through the last
 * four weeks. The data ends on Wednesday 2024-07-10 at 13:00, so the last whole day is Tuesday the
 * 9th and the last complete week ends on Sunday 2024-07-07.
 */
class PortfolioTest {
    private static final LocalDate LAST_SUNDAY = LocalDate.of(2024, 7, 7);
    private static final double THRESHOLD = 5.0;

    @TempDir
    static Path dir;

    static Warehouse warehouse;

    @BeforeAll
    static void ingest() {
        warehouse = Warehouse.open(dir.resolve("portfolio.duckdb"));
        StoreNetwork network = StoreNetwork.original().only(List.of("Madrid", "Roma", "Berlin"));
        List<Reading> readings = new ArrayList<>();
        LocalDate berlinDown = LAST_SUNDAY.minusDays(27);
        try (SimulatedClient client = SimulatedClient.of(new FootfallModel(3), network)) {
            client.readings(
                    HourWindow.of(LocalDateTime.of(2023, 6, 1, 0, 0), LocalDateTime.of(2024, 7, 10, 14, 0)), batch -> {
                        for (int i = 0; i < batch.size(); i++) {
                            Reading reading = batch.reading(i);
                            boolean down = reading.store().equals("Berlin")
                                    && reading.sensorId() == 0
                                    && !reading.hour().toLocalDate().isBefore(berlinDown);
                            readings.add(down ? Reading.failed("Berlin", 0, reading.hour()) : reading);
                        }
                    });
        }
        warehouse.ingest(readings);
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    private static List<ViewRow> rows(View view, LocalDate from, LocalDate toIncluded) {
        return warehouse.query(ViewQuery.of(view).withDates(from, toIncluded.plusDays(1)));
    }

    private static Map<String, List<ViewRow>> byStore(List<ViewRow> rows) {
        return rows.stream().collect(Collectors.groupingBy(ViewRow::store));
    }

    private static long visits(List<ViewRow> rows) {
        return rows.stream()
                .mapToLong(row -> row.visits() == null ? 0 : row.visits())
                .sum();
    }

    private static Double vsBaseline(List<ViewRow> rows) {
        List<ViewRow> based = rows.stream()
                .filter(row -> row.visits() != null && row.baseline() != null)
                .toList();
        double baseline = based.stream().mapToDouble(ViewRow::baseline).sum();
        return baseline == 0 ? null : 100 * (visits(based) - baseline) / baseline;
    }

    @Test
    void everyStoresWeeksAreThoseOfItsDailyRows() {
        Portfolio portfolio = Portfolio.of(warehouse, THRESHOLD);

        assertThat(portfolio.lastDay()).isEqualTo(LAST_SUNDAY);
        assertThat(portfolio.weekFrom()).isEqualTo(LocalDate.of(2024, 7, 1));
        assertThat(portfolio.stores()).extracting(StoreSummary::store).containsExactly("Berlin", "Madrid", "Roma");
        Map<String, List<ViewRow>> week = byStore(rows(View.STORE_DAILY, portfolio.weekFrom(), LAST_SUNDAY));
        Map<String, List<ViewRow>> fourWeeks = byStore(rows(View.STORE_DAILY, portfolio.fourWeeksFrom(), LAST_SUNDAY));
        Map<String, List<ViewRow>> yearEarlier = byStore(rows(
                View.STORE_DAILY,
                portfolio.fourWeeksFrom().minusDays(Portfolio.YEAR_DAYS),
                LAST_SUNDAY.minusDays(Portfolio.YEAR_DAYS)));
        for (StoreSummary store : portfolio.stores()) {
            List<ViewRow> lastWeek = week.get(store.store());
            assertThat(store.week())
                    .as(store.store())
                    .isEqualTo(visits(lastWeek))
                    .isPositive();
            assertThat(store.weekVsBaseline()).isCloseTo(vsBaseline(lastWeek), within(1e-9));
            List<ViewRow> four = fourWeeks.get(store.store());
            assertThat(store.fourWeeks()).isEqualTo(visits(four));
            assertThat(store.fourWeeksVsBaseline()).isCloseTo(vsBaseline(four), within(1e-9));
            long readings = four.stream().mapToLong(ViewRow::readings).sum();
            assertThat(store.coveragePercent()).isCloseTo(100.0 * readings / (store.sensors() * 24 * 28), within(1e-9));
            assertThat(store.weeklyTrend())
                    .hasSize(Portfolio.TREND_WEEKS)
                    .last()
                    .isEqualTo(store.week());
            if (store.likeForLike()) {
                long earlier = visits(yearEarlier.get(store.store()));
                assertThat(store.fourWeeksVsYearEarlier())
                        .isCloseTo(100.0 * (store.fourWeeks() - earlier) / earlier, within(1e-9));
            }
        }
    }

    @Test
    void onlyStoresThatTradedAYearEarlierAreComparedWithIt() {
        Map<String, StoreSummary> stores = Portfolio.of(warehouse, THRESHOLD).stores().stream()
                .collect(Collectors.toMap(StoreSummary::store, Function.identity()));

        assertThat(stores.get("Madrid").likeForLike()).isFalse();
        assertThat(stores.get("Madrid").weekVsYearEarlier()).isNull();
        assertThat(stores.get("Madrid").fourWeeksVsYearEarlier()).isNull();
        assertThat(stores.get("Roma").likeForLike()).isTrue();
        assertThat(stores.get("Roma").weekVsYearEarlier()).isNotNull();
        assertThat(stores.get("Berlin").likeForLike()).isTrue();
    }

    @Test
    void aSensorDownForTheFourWeeksIsFlaggedAndItsReadingsCountAsFailed() {
        Map<String, StoreSummary> stores = Portfolio.of(warehouse, THRESHOLD).stores().stream()
                .collect(Collectors.toMap(StoreSummary::store, Function.identity()));

        assertThat(stores.get("Berlin").flaggedSensors()).isEqualTo(1);
        assertThat(stores.get("Berlin").failurePercent()).isGreaterThanOrEqualTo(100.0 / 6 - 1e-9);
        assertThat(stores.get("Roma").flaggedSensors()).isZero();
    }

    @Test
    void theTotalsAddTheStoresAndCompareTheLikeForLikeOnesOnly() {
        Portfolio portfolio = Portfolio.of(warehouse, THRESHOLD);
        Portfolio.Totals totals = portfolio.totals();

        assertThat(totals.week())
                .isEqualTo(portfolio.stores().stream()
                        .mapToLong(StoreSummary::week)
                        .sum());
        assertThat(totals.fourWeeks())
                .isEqualTo(portfolio.stores().stream()
                        .mapToLong(StoreSummary::fourWeeks)
                        .sum());
        assertThat(totals.likeForLikeStores()).isEqualTo(2);
        List<ViewRow> earlier = rows(
                        View.STORE_DAILY,
                        portfolio.fourWeeksFrom().minusDays(Portfolio.YEAR_DAYS),
                        LAST_SUNDAY.minusDays(Portfolio.YEAR_DAYS))
                .stream()
                .filter(row -> Set.of("Roma", "Berlin").contains(row.store()))
                .toList();
        long now = portfolio.stores().stream()
                .filter(StoreSummary::likeForLike)
                .mapToLong(StoreSummary::fourWeeks)
                .sum();
        assertThat(totals.fourWeeksVsYearEarlier())
                .isCloseTo(100.0 * (now - visits(earlier)) / visits(earlier), within(1e-9));
        assertThat(totals.flaggedSensors()).isEqualTo(1);
    }

    @Test
    void thePublishedViewsGiveTheSamePortfolio() {
        try (PublishedViews views = PublishedViews.open(PublishedViews.folderOf(dir.resolve("portfolio.duckdb")))) {
            assertThat(Portfolio.of(views, THRESHOLD)).isEqualTo(Portfolio.of(warehouse, THRESHOLD));
        }
    }

    @Test
    void anEmptyWarehouseHasNoWeeksAndNoStores() {
        try (Warehouse empty = Warehouse.inMemory()) {
            Portfolio portfolio = Portfolio.of(empty, THRESHOLD);
            assertThat(portfolio.lastDay()).isNull();
            assertThat(portfolio.stores()).isEmpty();
        }
    }
}
