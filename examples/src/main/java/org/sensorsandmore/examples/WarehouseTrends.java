package org.sensorsandmore.examples;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.ExportFormat;
import org.sensorsandmore.sql.ExportResult;
import org.sensorsandmore.sql.IngestResult;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.views.FailurePolicy;
import org.sensorsandmore.sql.views.View;
import org.sensorsandmore.sql.views.ViewQuery;
import org.sensorsandmore.sql.views.ViewRow;

/**
 * Long-term trends, the client's question: simulate a fleet into a DuckDB warehouse, print the
 * store-days of one store that deviate most from their same-weekday baseline, and export the four
 * views. Prints how long each step took, so it doubles as the end-to-end measurement of
 * BENCHMARKS.md.
 *
 * <pre>java -cp examples/target/sensors.jar org.sensorsandmore.examples.WarehouseTrends \
 *     [stores] [sensorsPerStore] [days] [database file or -] [out folder] [parquet|csv|parquet,csv]</pre>
 *
 * Defaults: the original five stores' size (5 × 8) for 8 weeks, in memory, into {@code out/}, as
 * parquet and CSV.
 */
public final class WarehouseTrends {
    private WarehouseTrends() {}

    /**
     * @param args stores, sensors per store, days, database file ({@code -} for memory), out folder,
     *     export formats
     */
    public static void main(String[] args) {
        int stores = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 56;
        String db = args.length > 3 ? args[3] : "-";
        Path out = Path.of(args.length > 4 ? args[4] : "out");
        Set<ExportFormat> formats = EnumSet.noneOf(ExportFormat.class);
        for (String format : (args.length > 5 ? args[5] : "parquet,csv").split(",")) {
            formats.add(ExportFormat.valueOf(format.strip().toUpperCase(Locale.ROOT)));
        }

        StoreNetwork fleet = StoreNetwork.fleet(stores, sensors);
        LocalDate from = LocalDate.of(2024, 1, 1);
        HourWindow window = HourWindow.of(from, from.plusDays(days));
        long start = System.nanoTime();
        try (Warehouse warehouse = "-".equals(db) ? Warehouse.inMemory() : Warehouse.open(Path.of(db));
                SimulatedClient client = SimulatedClient.of(
                        ReadingGenerator.of(new FootfallModel(42), fleet).withThreads(2))) {
            IngestResult ingest = warehouse.ingest(client, window);
            long ingested = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "ingested %,d readings in %.1f s (%,.0f readings/s)%n",
                    ingest.written(),
                    seconds(start, ingested),
                    ingest.written() / seconds(start, ingested));

            String store = fleet.names().get(0);
            ViewQuery weekdays = ViewQuery.of(View.STORE_DAILY)
                    .withStores(Set.of(store))
                    .withWeekdays(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));
            System.out.printf(Locale.ROOT, "%s: the days furthest from their 4-week same-weekday mean%n", store);
            warehouse.query(weekdays).stream()
                    .filter(row -> row.pctDiff() != null && row.complete())
                    .sorted((a, b) -> Double.compare(Math.abs(b.pctDiff()), Math.abs(a.pctDiff())))
                    .limit(5)
                    .forEach(WarehouseTrends::print);

            long queried = System.nanoTime();
            ExportResult export = warehouse.export(out, FailurePolicy.EXCLUDE, formats);
            long exported = System.nanoTime();
            for (View view : View.values()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-13s %,12d rows%n",
                        view.tableName(),
                        export.rows().get(view));
            }
            System.out.printf(
                    Locale.ROOT,
                    "four views exported as %s to %s in %.1f s; end to end %.1f s; heap used %,d MB%n",
                    formats,
                    export.directory(),
                    seconds(queried, exported),
                    seconds(start, exported),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
    }

    private static void print(ViewRow row) {
        System.out.printf(
                Locale.ROOT,
                "  %s %-9s %,9d visits, baseline %,11.1f, %+6.1f %%%n",
                row.date(),
                row.date().getDayOfWeek(),
                row.visits(),
                row.baseline(),
                row.pctDiff());
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
