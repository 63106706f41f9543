package org.sensorsandmore.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.parquet.RawParquetDataset;

/**
 * The test fleet: 50 stores x 10 sensors over 8 weeks, with the sensors' own failures, and one day
 * missing (2024-03-13, a Wednesday: its weekday's baselines lose a week). One Spark session for the
 * whole test JVM, local[2], bound to the loopback, UI off.
 */
final class Fleet {
    static final LocalDate FROM = LocalDate.of(2024, 2, 5);
    static final LocalDate MISSING = LocalDate.of(2024, 3, 13);
    static final LocalDate TO = FROM.plusWeeks(8);
    static final ReadingGenerator GENERATOR = ReadingGenerator.of(new FootfallModel(42), StoreNetwork.fleet(50, 10))
            .withThreads(2);

    private static SparkSession spark;

    private Fleet() {}

    /** Writes the fleet's raw parquet under {@code raw}: two datasets, before and after the missing day. */
    static void write(Path raw) {
        RawParquetDataset dataset = RawParquetDataset.of(GENERATOR).withThreads(2);
        dataset.write(HourWindow.of(FROM, MISSING), raw.resolve("before"));
        dataset.write(HourWindow.of(MISSING.plusDays(1), TO), raw.resolve("after"));
    }

    /** @return the raw parquet files under a folder */
    static List<Path> files(Path raw) {
        try (Stream<Path> walk = Files.walk(raw)) {
            return walk.filter(path -> path.toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a DuckDB warehouse in memory holding every file under {@code raw} */
    static Warehouse warehouse(Path raw) {
        Warehouse warehouse = Warehouse.inMemory();
        files(raw).forEach(warehouse::ingestParquet);
        return warehouse;
    }

    /** @return the JVM's one local Spark session */
    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkProcess.session("local[2]");
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }
}
