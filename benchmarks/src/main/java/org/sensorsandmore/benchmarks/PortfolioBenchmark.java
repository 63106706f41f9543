package org.sensorsandmore.benchmarks;

import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.sensorsandmore.benchmarks.support.FleetSource;
import org.sensorsandmore.benchmarks.support.FleetYear;
import org.sensorsandmore.sql.portfolio.Portfolio;

/**
 * The dashboard's landing page, uncached: the {@link Portfolio} of the fleet's warehouse (400
 * stores × 10 sensors, a year: 35.04 M readings), from the database or from the views it publishes
 * (what {@code sensors dashboard} serves beside a pipeline). Issue 15's target is 300 ms. Sampled,
 * so the percentiles show.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PortfolioBenchmark -f 1</pre>
 */
public class PortfolioBenchmark extends SampledQueryBenchmark {
    /** Where the rows are read: the warehouse's tables, or the published parquet files. */
    @Param({"published", "warehouse"})
    public String source;

    private static final int STORES = 400;
    private static final int DAYS = 365;

    private FleetSource fleet;

    @Setup
    public void setUp() throws IOException {
        fleet = FleetSource.open(FleetYear.file(STORES, STORES, DAYS), source);
    }

    @TearDown
    public void tearDown() {
        fleet.close();
    }

    /** @return the stores summarised */
    @Benchmark
    public int portfolio() {
        Portfolio portfolio =
                fleet.published() != null ? Portfolio.of(fleet.published(), 5.0) : Portfolio.of(fleet.warehouse(), 5.0);
        return portfolio.stores().size();
    }
}
