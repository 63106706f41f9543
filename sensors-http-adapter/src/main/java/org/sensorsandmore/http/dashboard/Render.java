package org.sensorsandmore.http.dashboard;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.sensorsandmore.core.text.JsonText;
import org.sensorsandmore.sql.StoreCoverage;
import org.sensorsandmore.sql.alerts.Incident;
import org.sensorsandmore.sql.alerts.IncidentJson;
import org.sensorsandmore.sql.pipeline.PipelineRun;
import org.sensorsandmore.sql.portfolio.Portfolio;
import org.sensorsandmore.sql.portfolio.StoreSummary;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewRow;

/** The endpoints' bodies. Column names are the same in JSON and CSV. */
final class Render {
    static final String VIEW_HEADER =
            "store,sensor_id,date,hour,weekday,visits,readings,failed,baseline,pct_diff,complete";
    static final String SENSORS_HEADER =
            "store,sensor_id,readings,failed,failure_pct,flagged,outages,longest_outage_hours";
    static final String OUTAGES_HEADER = "store,sensor_id,from,to,hours";

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

    private Render() {}

    static String stores(List<StoreCoverage> coverage) {
        StringBuilder out = new StringBuilder(256 * (coverage.size() + 1));
        out.append("{\"stores\":[");
        for (int i = 0; i < coverage.size(); i++) {
            StoreCoverage store = coverage.get(i);
            out.append(i == 0 ? "" : ",").append("{\"store\":");
            JsonText.string(out, store.store());
            out.append(",\"sensors\":[");
            for (int s = 0; s < store.sensorIds().size(); s++) {
                out.append(s == 0 ? "" : ",").append(store.sensorIds().get(s));
            }
            out.append("],\"first_hour\":");
            JsonText.string(out, hour(store.firstHour()));
            out.append(",\"last_hour\":");
            JsonText.string(out, hour(store.lastHour()));
            out.append(",\"readings\":").append(store.readings());
            out.append(",\"failed\":").append(store.failed()).append('}');
        }
        return out.append("]}\n").toString();
    }

    /** {@code {"runs":[{"id","kind","status","from","to","started","ended","seconds","fetched","written","attempts","error"}…]}} */
    static String runs(List<PipelineRun> runs) {
        StringBuilder out = new StringBuilder(64 + 256 * runs.size());
        out.append("{\"runs\":[");
        for (int i = 0; i < runs.size(); i++) {
            PipelineRun run = runs.get(i);
            out.append(i == 0 ? "" : ",").append("{\"id\":").append(run.id());
            out.append(",\"kind\":\"").append(run.kind()).append('"');
            out.append(",\"status\":\"").append(run.status()).append('"');
            out.append(",\"from\":");
            JsonText.string(out, run.window() == null ? null : hour(run.window().from()));
            out.append(",\"to\":");
            JsonText.string(out, run.window() == null ? null : hour(run.window().to()));
            out.append(",\"started\":");
            JsonText.string(out, run.startedAt().toString());
            out.append(",\"ended\":");
            JsonText.string(out, run.endedAt() == null ? null : run.endedAt().toString());
            out.append(",\"seconds\":")
                    .append(run.duration()
                            .map(d -> String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0))
                            .orElse("null"));
            out.append(",\"fetched\":").append(run.fetched());
            out.append(",\"written\":").append(run.written());
            out.append(",\"attempts\":").append(run.attempts());
            out.append(",\"error\":");
            JsonText.string(out, run.error());
            out.append('}');
        }
        return out.append("]}\n").toString();
    }

    /**
     * {@code {"open":N,"incidents":[{"id","rule","store","sensor_id","status","since","detail","opened_at",
     * "closed_at","recovery"}…]}}: open incidents first, newest first in each part.
     */
    static String alerts(List<Incident> incidents) {
        StringBuilder out = new StringBuilder(64 + 320 * incidents.size());
        out.append("{\"open\":")
                .append(incidents.stream().filter(Incident::isOpen).count())
                .append(",\"incidents\":[");
        for (int i = 0; i < incidents.size(); i++) {
            IncidentJson.incident(out.append(i == 0 ? "" : ","), incidents.get(i));
        }
        return out.append("]}\n").toString();
    }

    /** The start of a view's JSON answer; its rows follow, then {@link #viewJsonEnd}. */
    static String viewJsonStart(View view) {
        return "{\"view\":\"" + view.tableName() + "\",\"rows\":[";
    }

    /**
     * The end of a view's JSON answer. The count comes after the rows because the answer is sent
     * while they are read.
     */
    static String viewJsonEnd(long count) {
        return "],\"count\":" + count + "}\n";
    }

    static void viewJsonRow(StringBuilder out, ViewRow row, boolean first) {
        out.append(first ? "{" : ",\n{").append("\"store\":");
        JsonText.string(out, row.store());
        out.append(",\"sensor_id\":").append(row.sensorId());
        out.append(",\"date\":\"").append(row.date()).append('"');
        out.append(",\"hour\":").append(row.hour());
        out.append(",\"weekday\":").append(ViewRow.weekdayNumber(row.weekday()));
        out.append(",\"visits\":").append(row.visits());
        out.append(",\"readings\":").append(row.readings());
        out.append(",\"failed\":").append(row.failed());
        out.append(",\"baseline\":").append(Cells.hundredths(row.baseline()));
        out.append(",\"pct_diff\":").append(Cells.hundredths(row.pctDiff()));
        out.append(",\"complete\":").append(row.complete()).append('}');
    }

    static void viewCsvRow(StringBuilder out, ViewRow row) {
        Cells.csvText(out, row.store());
        out.append(',');
        Cells.csvNumber(out, row.sensorId());
        out.append(',').append(row.date()).append(',');
        Cells.csvNumber(out, row.hour());
        out.append(',').append(ViewRow.weekdayNumber(row.weekday())).append(',');
        Cells.csvNumber(out, row.visits());
        out.append(',').append(row.readings()).append(',').append(row.failed()).append(',');
        Cells.csvNumber(out, Cells.hundredths(row.baseline()));
        out.append(',');
        Cells.csvNumber(out, Cells.hundredths(row.pctDiff()));
        out.append(',').append(row.complete()).append("\r\n");
    }

    static String healthJson(SensorHealth health, double thresholdPercent) {
        List<SensorHealth.Sensor> sensors = health.sensors();
        List<SensorHealth.Outage> outages = health.outages();
        StringBuilder out = new StringBuilder(256 + 160 * (sensors.size() + outages.size()));
        out.append("{\"threshold_pct\":").append(Cells.hundredths(thresholdPercent));
        objects(out, "sensors", ROW_BREAK, sensors, sensor -> {
            out.append("\"store\":");
            JsonText.string(out, sensor.store());
            out.append(",\"sensor_id\":").append(sensor.sensorId());
            out.append(",\"readings\":").append(sensor.readings());
            out.append(",\"failed\":").append(sensor.failed());
            out.append(",\"failure_pct\":").append(Cells.hundredths(sensor.failurePercent()));
            out.append(",\"flagged\":").append(sensor.failurePercent() > thresholdPercent);
            out.append(",\"outages\":").append(sensor.outages());
            out.append(",\"longest_outage_hours\":").append(sensor.longestOutageHours());
        });
        objects(out, "outages", ROW_BREAK, outages, outage -> {
            out.append("\"store\":");
            JsonText.string(out, outage.store());
            out.append(",\"sensor_id\":").append(outage.sensorId());
            out.append(",\"from\":\"").append(hour(outage.from())).append('"');
            out.append(",\"to\":\"").append(hour(outage.to())).append('"');
            out.append(",\"hours\":").append(outage.hours());
        });
        return out.append("}\n").toString();
    }

    static String healthCsv(SensorHealth health, double thresholdPercent, boolean outagesPart) {
        StringBuilder out = new StringBuilder(4096);
        if (outagesPart) {
            out.append(OUTAGES_HEADER).append("\r\n");
            for (SensorHealth.Outage outage : health.outages()) {
                Cells.csvText(out, outage.store());
                out.append(',').append(outage.sensorId());
                out.append(',').append(hour(outage.from())).append(',').append(hour(outage.to()));
                out.append(',').append(outage.hours()).append("\r\n");
            }
            return out.toString();
        }
        out.append(SENSORS_HEADER).append("\r\n");
        for (SensorHealth.Sensor sensor : health.sensors()) {
            Cells.csvText(out, sensor.store());
            out.append(',').append(sensor.sensorId());
            out.append(',').append(sensor.readings()).append(',').append(sensor.failed());
            out.append(',').append(Cells.hundredths(sensor.failurePercent()));
            out.append(',').append(sensor.failurePercent() > thresholdPercent);
            out.append(',').append(sensor.outages()).append(',').append(sensor.longestOutageHours());
            out.append("\r\n");
        }
        return out.toString();
    }

    /**
     * {@code {"store","heatmap":[{"weekday","hour","mean_visits","days"}…],"doors":[{"sensor_id",
     * "visits","share_pct","barely_used"}…],"barely_used_below_pct"}}.
     */
    static String profileJson(String store, StoreProfile profile) {
        StringBuilder out = new StringBuilder(4096);
        out.append("{\"store\":");
        JsonText.string(out, store);
        objects(out, "heatmap", "", profile.cells(), cell -> {
            out.append("\"weekday\":").append(cell.weekday());
            out.append(",\"hour\":").append(cell.hour());
            out.append(",\"mean_visits\":").append(Cells.hundredths(cell.meanVisits()));
            out.append(",\"days\":").append(cell.days());
        });
        objects(out, "doors", "", profile.doors(), door -> {
            out.append("\"sensor_id\":").append(door.sensorId());
            out.append(",\"visits\":").append(door.visits());
            out.append(",\"share_pct\":").append(Cells.hundredths(door.sharePercent()));
            out.append(",\"barely_used\":").append(door.barelyUsed());
        });
        out.append(",\"barely_used_below_pct\":").append(Cells.hundredths(profile.barelyUsedBelowPercent()));
        return out.append("}\n").toString();
    }

    /** What stands between the objects of the long arrays (sensors, outages, stores): one object a line. */
    private static final String ROW_BREAK = "\n";

    /**
     * Appends {@code ,"key":[{…},{…}]}, each object's fields written by {@code fields}, and {@code
     * between} after each comma between two objects.
     */
    private static <T> void objects(StringBuilder out, String key, String between, List<T> items, Consumer<T> fields) {
        String next = "," + between + "{";
        out.append(",\"").append(key).append("\":[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "{" : next);
            fields.accept(items.get(i));
            out.append('}');
        }
        out.append(']');
    }

    static final String PORTFOLIO_HEADER = "store,sensors,week_visits,week_vs_baseline_pct,week_vs_year_pct,"
            + "four_weeks_visits,four_weeks_vs_baseline_pct,four_weeks_vs_year_pct,like_for_like,coverage_pct,"
            + "failure_pct,flagged_sensors";

    /**
     * {@code {"last_day","week_from","four_weeks_from","threshold_pct","stores":[…],"totals":{…}}}: a
     * store's keys are {@link #PORTFOLIO_HEADER}'s and its {@code trend}, the totals' the same but
     * the store's own, with {@code like_for_like_stores}.
     */
    static String portfolioJson(Portfolio portfolio, double thresholdPercent) {
        StringBuilder out = new StringBuilder(256 + 400 * portfolio.stores().size());
        out.append("{\"last_day\":");
        JsonText.string(
                out, portfolio.lastDay() == null ? null : portfolio.lastDay().toString());
        out.append(",\"week_from\":");
        JsonText.string(
                out, portfolio.weekFrom() == null ? null : portfolio.weekFrom().toString());
        out.append(",\"four_weeks_from\":");
        JsonText.string(
                out,
                portfolio.fourWeeksFrom() == null
                        ? null
                        : portfolio.fourWeeksFrom().toString());
        out.append(",\"threshold_pct\":").append(Cells.hundredths(thresholdPercent));
        List<StoreSummary> stores = portfolio.stores();
        objects(out, "stores", ROW_BREAK, stores, store -> {
            out.append("\"store\":");
            JsonText.string(out, store.store());
            out.append(",\"sensors\":").append(store.sensors());
            period(out, "week", store.week(), store.weekVsBaseline(), store.weekVsYearEarlier());
            period(out, "four_weeks", store.fourWeeks(), store.fourWeeksVsBaseline(), store.fourWeeksVsYearEarlier());
            out.append(",\"like_for_like\":").append(store.likeForLike());
            out.append(",\"coverage_pct\":").append(Cells.hundredths(store.coveragePercent()));
            out.append(",\"failure_pct\":").append(Cells.hundredths(store.failurePercent()));
            out.append(",\"flagged_sensors\":").append(store.flaggedSensors());
            out.append(",\"trend\":").append(store.weeklyTrend());
        });
        Portfolio.Totals totals = portfolio.totals();
        out.append(",\"totals\":{\"stores\":").append(stores.size());
        period(out, "week", totals.week(), totals.weekVsBaseline(), totals.weekVsYearEarlier());
        period(out, "four_weeks", totals.fourWeeks(), totals.fourWeeksVsBaseline(), totals.fourWeeksVsYearEarlier());
        out.append(",\"like_for_like_stores\":").append(totals.likeForLikeStores());
        out.append(",\"coverage_pct\":").append(Cells.hundredths(totals.coveragePercent()));
        out.append(",\"flagged_sensors\":").append(totals.flaggedSensors());
        out.append(",\"trend\":").append(totals.weeklyTrend());
        return out.append("}}\n").toString();
    }

    /**
     * A period's three figures, as a store's line and the totals both name them: {@code
     * <period>_visits}, {@code <period>_vs_baseline_pct} and {@code <period>_vs_year_pct}.
     */
    private static void period(StringBuilder out, String period, long visits, Double vsBaseline, Double vsYear) {
        out.append(",\"").append(period).append("_visits\":").append(visits);
        out.append(",\"").append(period).append("_vs_baseline_pct\":").append(Cells.hundredths(vsBaseline));
        out.append(",\"").append(period).append("_vs_year_pct\":").append(Cells.hundredths(vsYear));
    }

    static String portfolioCsv(Portfolio portfolio) {
        StringBuilder out = new StringBuilder(128 + 120 * portfolio.stores().size());
        out.append(PORTFOLIO_HEADER).append("\r\n");
        for (StoreSummary store : portfolio.stores()) {
            Cells.csvText(out, store.store());
            out.append(',')
                    .append(store.sensors())
                    .append(',')
                    .append(store.week())
                    .append(',');
            Cells.csvNumber(out, Cells.hundredths(store.weekVsBaseline()));
            out.append(',');
            Cells.csvNumber(out, Cells.hundredths(store.weekVsYearEarlier()));
            out.append(',').append(store.fourWeeks()).append(',');
            Cells.csvNumber(out, Cells.hundredths(store.fourWeeksVsBaseline()));
            out.append(',');
            Cells.csvNumber(out, Cells.hundredths(store.fourWeeksVsYearEarlier()));
            out.append(',').append(store.likeForLike()).append(',');
            Cells.csvNumber(out, Cells.hundredths(store.coveragePercent()));
            out.append(',');
            Cells.csvNumber(out, Cells.hundredths(store.failurePercent()));
            out.append(',').append(store.flaggedSensors()).append("\r\n");
        }
        return out.toString();
    }

    private static String hour(LocalDateTime hour) {
        return hour == null ? null : HOUR.format(hour);
    }
}
