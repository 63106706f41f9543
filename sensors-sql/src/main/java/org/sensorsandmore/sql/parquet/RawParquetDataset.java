package org.sensorsandmore.sql.parquet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.Store;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.check.Require;
import org.sensorsandmore.core.concurrent.Futures;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;

/**
 * Simulated readings of a whole fleet written straight to parquet, without a database: the raw
 * input of {@code sensors process} and of {@code sensors-spark} at any size.
 *
 * <p>The layout is {@code <dir>/month=2024-07/part-00000.parquet}: one folder per calendar month,
 * and in it one file per group of stores (about {@link #DEFAULT_ROWS_PER_FILE} readings each). Every
 * file has the columns of {@link Warehouse#exportReadings} ({@code store, sensor_id, hour, status,
 * visits, anomaly}), so {@link Warehouse#ingestParquet} reads any of them, and Spark, DuckDB or
 * pandas read the folder.
 *
 * <pre>{@code
 * ReadingGenerator generator = ReadingGenerator.of(new FootfallModel(), StoreNetwork.fleet(1000, 10));
 * RawParquetDataset.of(generator).withThreads(2)
 *         .write(HourWindow.of(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1)), Path.of("raw"));
 * }</pre>
 *
 * <p>Files are written in parallel, each by one thread from its own generator (the model is a pure
 * function, so the readings are those of a single-threaded run), through parquet-hadoop's record
 * API without an object per reading. Memory is bounded by the threads, not the window: each holds
 * one batch and one row group. Everything is written into a hidden staging folder first; then each
 * month folder replaces the one of the same name (other months and files in {@code dir} stay).
 *
 * <p>This class is immutable and thread-safe.
 */
public final class RawParquetDataset {
    /** The readings a file aims at: large enough for efficient scans, small enough to spread over threads. */
    public static final long DEFAULT_ROWS_PER_FILE = 4_000_000L;

    private static final long ROW_GROUP_BYTES = 32L << 20;
    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    private final ReadingGenerator generator;
    private final int threads;
    private final long rowsPerFile;

    private RawParquetDataset(ReadingGenerator generator, int threads, long rowsPerFile) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.threads = Require.atLeast(threads, 1, "threads");
        this.rowsPerFile = Require.atLeast(rowsPerFile, 1, "rowsPerFile");
    }

    /**
     * @param generator the model and network to simulate (its own thread count is not used)
     * @return a writer with one thread and {@link #DEFAULT_ROWS_PER_FILE}
     */
    public static RawParquetDataset of(ReadingGenerator generator) {
        return new RawParquetDataset(generator, 1, DEFAULT_ROWS_PER_FILE);
    }

    /** @return a copy writing this many files at a time */
    public RawParquetDataset withThreads(int count) {
        return new RawParquetDataset(generator, count, rowsPerFile);
    }

    /** @return a copy whose files aim at this many readings (a file holds at least one store-month) */
    public RawParquetDataset withRowsPerFile(long rows) {
        return new RawParquetDataset(generator, threads, rows);
    }

    /**
     * Writes every reading of the window.
     *
     * @param window the hours
     * @param directory the dataset's folder, created when missing
     * @return the files and readings written
     * @throws WarehouseException when a file cannot be written; nothing of this call is left then
     */
    public RawDatasetResult write(HourWindow window, Path directory) {
        Objects.requireNonNull(window, "window");
        Path target = directory.toAbsolutePath();
        Path staging = target.resolve(".staging-" + UUID.randomUUID());
        List<Task> tasks = tasks(window, staging);
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sensors-parquet-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Files.createDirectories(staging);
            List<Future<Long>> results = new ArrayList<>();
            for (Task task : tasks) {
                results.add(pool.submit(task::run));
            }
            long readings = 0;
            for (Future<Long> result : results) {
                readings += Futures.await(
                        result, "Interrupted while writing parquet", "Cannot write parquet", WarehouseException::new);
            }
            List<Path> months;
            try (var listing = Files.list(staging)) {
                months = listing.sorted().toList();
            }
            for (Path month : months) {
                AtomicOutput.replaceFolder(month, target.resolve(month.getFileName()));
            }
            return new RawDatasetResult(target, tasks.size(), readings);
        } catch (IOException e) {
            throw new WarehouseException(
                    "Cannot write the parquet dataset " + directory + ": " + AtomicOutput.describe(e), e);
        } finally {
            pool.shutdownNow();
            AtomicOutput.deleteTree(staging);
        }
    }

    /** One file: a group of stores over one month (or the part of it inside the window). */
    private record Task(ReadingGenerator generator, HourWindow window, Path file) {
        long run() {
            long[] rows = {0};
            Cursor cursor = new Cursor(generator.network());
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new WarehouseException("Cannot create " + file.getParent() + ": " + AtomicOutput.describe(e), e);
            }
            try (ParquetWriter<Cursor> writer = new Builder(new LocalOutputFile(file))
                    .withConf(new PlainParquetConfiguration())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(ROW_GROUP_BYTES)
                    .build()) {
                generator.generate(window, batch -> {
                    cursor.batch = batch;
                    try {
                        for (int i = 0; i < batch.size(); i++) {
                            cursor.row = i;
                            writer.write(cursor);
                        }
                    } catch (IOException e) {
                        throw new WarehouseException("Cannot write " + file + ": " + AtomicOutput.describe(e), e);
                    }
                    rows[0] += batch.size();
                });
            } catch (IOException e) {
                throw new WarehouseException("Cannot write " + file + ": " + AtomicOutput.describe(e), e);
            }
            return rows[0];
        }
    }

    private List<Task> tasks(HourWindow window, Path staging) {
        List<List<Store>> groups = new ArrayList<>();
        List<Store> group = new ArrayList<>();
        long groupRows = 0;
        long monthHours = 31 * 24;
        for (Store store : generator.network().stores()) {
            group.add(store);
            groupRows += store.sensorCount() * monthHours;
            if (groupRows >= rowsPerFile) {
                groups.add(group);
                group = new ArrayList<>();
                groupRows = 0;
            }
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        ReadingGenerator single = generator.withThreads(1);
        List<Task> tasks = new ArrayList<>();
        YearMonth month = YearMonth.from(window.from());
        while (!window.isEmpty() && month.atDay(1).atStartOfDay().isBefore(window.to())) {
            LocalDateTime start = month.atDay(1).atStartOfDay();
            HourWindow part = window.intersect(HourWindow.of(start, start.plusMonths(1)));
            Path folder = staging.resolve("month=" + month);
            for (int g = 0; g < groups.size(); g++) {
                tasks.add(new Task(
                        single.withNetwork(new StoreNetwork(groups.get(g))),
                        part,
                        folder.resolve(String.format(Locale.ROOT, "part-%05d.parquet", g))));
            }
            month = month.plusMonths(1);
        }
        return tasks;
    }

    /** One row of a batch, as the writer is handed it: no object per reading. */
    private static final class Cursor {
        private final Binary[] storeNames;
        ReadingBatch batch;
        int row;

        Cursor(StoreNetwork network) {
            storeNames = network.names().stream()
                    .map(name -> Binary.fromConstantByteArray(name.getBytes(StandardCharsets.UTF_8)))
                    .toArray(Binary[]::new);
        }
    }

    @SuppressWarnings("deprecation") // the Hadoop-Configuration overload is abstract: it must be implemented
    private static final class Builder extends ParquetWriter.Builder<Cursor, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Cursor> getWriteSupport(Configuration conf) {
            return new CursorWriteSupport();
        }

        @Override
        protected WriteSupport<Cursor> getWriteSupport(ParquetConfiguration conf) {
            return new CursorWriteSupport();
        }
    }

    /** Writes the columns of {@link RawParquet#SCHEMA} from a batch row. */
    @SuppressWarnings("deprecation") // the Hadoop-Configuration overload is abstract: it must be implemented
    private static final class CursorWriteSupport extends WriteSupport<Cursor> {
        // Backed by byte arrays: a Binary from fromString wraps a ByteBuffer whose position its
        // getBytes moves, which the writers of parallel files raced on (a BufferUnderflowException
        // while a footer's statistics were written).
        private static final Binary OK = constant("OK");
        private static final Binary FAILED = constant("FAILED");
        private static final Binary NOT_OPEN = constant("NOT_OPEN");

        private RecordConsumer consumer;

        private static Binary constant(String text) {
            return Binary.fromConstantByteArray(text.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(RawParquet.SCHEMA, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(RawParquet.SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Cursor cursor) {
            ReadingBatch batch = cursor.batch;
            int i = cursor.row;
            ReadingStatus status = batch.status(i);
            consumer.startMessage();
            consumer.startField("store", 0);
            consumer.addBinary(cursor.storeNames[batch.storeIndex(i)]);
            consumer.endField("store", 0);
            consumer.startField("sensor_id", 1);
            consumer.addInteger(batch.sensorId(i));
            consumer.endField("sensor_id", 1);
            consumer.startField("hour", 2);
            consumer.addLong(batch.epochHour(i) * MICROS_PER_HOUR);
            consumer.endField("hour", 2);
            consumer.startField("status", 3);
            consumer.addBinary(
                    switch (status) {
                        case OK -> OK;
                        case FAILED -> FAILED;
                        case NOT_OPEN -> NOT_OPEN;
                    });
            consumer.endField("status", 3);
            if (status != ReadingStatus.FAILED) {
                consumer.startField("visits", 4);
                consumer.addInteger(batch.visits(i));
                consumer.endField("visits", 4);
            }
            consumer.startField("anomaly", 5);
            consumer.addBoolean(batch.anomaly(i));
            consumer.endField("anomaly", 5);
            consumer.endMessage();
        }
    }
}
