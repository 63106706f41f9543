package org.sensorsandmore.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.io.AtomicOutputTest;

class ReadingCsvWriterTest {
    private static final LocalDateTime NINE = LocalDateTime.of(2024, 7, 1, 9, 0);

    @TempDir
    Path dir;

    private static ReadingBatch batch(Reading... readings) {
        ReadingBatch batch = ReadingBatch.create(4);
        for (Reading reading : readings) {
            batch.add(reading);
        }
        return batch;
    }

    private static final ReadingBatch ROWS = batch(
            Reading.ok("Paris", 3, NINE, 6912),
            Reading.failed("Paris", 4, NINE),
            new Reading("Roma", 0, NINE.minusHours(4), ReadingStatus.NOT_OPEN, 0, false),
            new Reading("Paris", 5, NINE.plusHours(14), ReadingStatus.OK, 0, true));

    @Test
    void originalFormatWritesTheOriginalsExactBytes() {
        StringBuilder out = new StringBuilder();
        try (ReadingCsvWriter csv = ReadingCsvWriter.of(out, ReadingCsvFormat.ORIGINAL)) {
            csv.accept(ROWS);
            assertThat(csv.rowCount()).isEqualTo(4);
        }

        assertThat(out.toString()).isEqualTo("""
                        date,hour,shop,sensor_id,count,units
                        2024-07-01,9,Paris,3,6912,visits
                        2024-07-01,9,Paris,4,-1,
                        2024-07-01,5,Roma,0,-2,
                        2024-07-01,23,Paris,5,0,visits
                        """);
    }

    @Test
    void libraryFormatWritesEveryField() {
        StringBuilder out = new StringBuilder();
        ReadingCsvWriter.of(out, ReadingCsvFormat.LIBRARY).accept(ROWS);

        assertThat(out.toString()).isEqualTo("""
                        store,sensor_id,hour,visits,status,anomaly
                        Paris,3,2024-07-01T09:00,6912,OK,false
                        Paris,4,2024-07-01T09:00,,FAILED,false
                        Roma,0,2024-07-01T05:00,,NOT_OPEN,false
                        Paris,5,2024-07-01T23:00,0,OK,true
                        """);
    }

    private static final List<ReadingStatus> STATUSES =
            List.of(ReadingStatus.OK, ReadingStatus.FAILED, ReadingStatus.NOT_OPEN);

    @Test
    void theByteWriterWritesTheSameTextInUtf8() {
        // Quoted, non-ASCII and very long names; every status; negative and large numbers; hours
        // before 1970 and far apart (cache slots reused); several batches with other store lists.
        List<String> names = List.of("Paris", "Zürich, Hbf", "東京 \"駅\"", "Roma");
        Random random = new Random(7);
        List<ReadingBatch> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            List<String> shuffled = new ArrayList<>(names);
            Collections.shuffle(shuffled, random);
            ReadingBatch batch = ReadingBatch.create(shuffled, 30_000);
            for (int i = 0; i < 30_000; i++) {
                int visits = random.nextInt(5) == 0 ? Integer.MAX_VALUE - random.nextInt(3) : random.nextInt(100_000);
                int epochHour = random.nextInt(2_000_000) - 1_000_000;
                ReadingStatus status = STATUSES.get(random.nextInt(STATUSES.size()));
                batch.add(
                        random.nextInt(shuffled.size()),
                        random.nextInt(1_000),
                        epochHour,
                        status,
                        status == ReadingStatus.OK ? visits : 0,
                        random.nextBoolean());
            }
            batches.add(batch);
        }
        ReadingBatch longName = ReadingBatch.create(List.of("Ünïcödé, ".repeat(20_000)), 2);
        longName.add(0, 1, 0, ReadingStatus.OK, 5, false);
        longName.add(0, 2, 0, ReadingStatus.FAILED, 0, true);
        batches.add(longName);
        for (ReadingCsvFormat format : ReadingCsvFormat.values()) {
            StringBuilder text = new StringBuilder();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ReadingCsvWriter chars = ReadingCsvWriter.of(text, format);
                    ReadingCsvWriter utf8 = ReadingCsvWriter.ofStream(bytes, format)) {
                for (ReadingBatch batch : batches) {
                    chars.accept(batch);
                    utf8.accept(batch);
                }
                assertThat(utf8.rowCount()).isEqualTo(chars.rowCount()).isEqualTo(120_002);
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as(format.name()).isEqualTo(text.toString());
        }
    }

    @Test
    void headerIsWrittenAtOnceEvenWithoutRows() {
        StringWriter out = new StringWriter();
        ReadingCsvWriter.of(out, ReadingCsvFormat.LIBRARY).close();

        assertThat(out).hasToString("store,sensor_id,hour,visits,status,anomaly\n");
    }

    @Test
    void storeNamesThatNeedItAreQuotedAsRfc4180Says() throws IOException {
        List<String> names = List.of("Rome, Termini", "Macy's \"Herald\" Square", "Line\nBreak", "CR\rLF\r\n", "Plain");
        ReadingBatch batch = ReadingBatch.create(8);
        for (String name : names) {
            batch.add(Reading.ok(name, 1, NINE, 7));
        }
        for (ReadingCsvFormat format : ReadingCsvFormat.values()) {
            StringWriter out = new StringWriter();
            try (ReadingCsvWriter csv = ReadingCsvWriter.of(out, format)) {
                csv.accept(batch);
            }

            int storeColumn = format == ReadingCsvFormat.ORIGINAL ? 2 : 0;
            try (CSVParser parser = CSVFormat.RFC4180.parse(new StringReader(out.toString()))) {
                List<String> parsed = parser.getRecords().stream()
                        .skip(1)
                        .map(row -> row.get(storeColumn))
                        .toList();
                assertThat(parsed).as(format.name()).isEqualTo(names);
            }
        }
        StringBuilder original = new StringBuilder();
        ReadingCsvWriter.of(original, ReadingCsvFormat.ORIGINAL).accept(batch);
        assertThat(original.toString())
                .contains("\n2024-07-01,9,\"Rome, Termini\",1,7,visits\n")
                .contains("\n2024-07-01,9,\"Macy's \"\"Herald\"\" Square\",1,7,visits\n")
                .contains("\n2024-07-01,9,Plain,1,7,visits\n");
    }

    @Test
    void manyRowsAcrossBlocksAndBatchesComeOutInOrder() throws IOException {
        ReadingBatch batch = ReadingBatch.create(List.of("Paris", "London"), 50_000);
        StringWriter out = new StringWriter();
        try (ReadingCsvWriter csv = ReadingCsvWriter.of(out, ReadingCsvFormat.LIBRARY)) {
            for (int round = 0; round < 2; round++) {
                batch.clear();
                for (int i = 0; i < 50_000; i++) {
                    // 10,000 hours apart from the previous row: the hour cache's slots collide often.
                    batch.add(i % 2, i % 7, 480_000 + (i * 10_007) % 20_000, ReadingStatus.OK, i, false);
                }
                csv.accept(batch);
            }
            assertThat(csv.rowCount()).isEqualTo(100_000);
        }

        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(out.toString()))) {
            List<CSVRecord> records = parser.getRecords();
            assertThat(records).hasSize(100_000);
            for (int i = 0; i < records.size(); i += 997) {
                int row = i % 50_000;
                CSVRecord record = records.get(i);
                assertThat(record.get("store")).isEqualTo(row % 2 == 0 ? "Paris" : "London");
                assertThat(record.get("visits")).isEqualTo(Integer.toString(row));
                assertThat(record.get("hour"))
                        .isEqualTo(Hours.ofEpochHour(480_000 + (row * 10_007) % 20_000)
                                .toString());
            }
        }
    }

    @Test
    void ioFailureBecomesUncheckedAndAcceptAfterCloseIsRefused() {
        Writer broken = new Writer() {
            private int writes;

            @Override
            public void write(char[] chars, int off, int len) throws IOException {
                if (++writes > 1) {
                    throw new IOException("disk full");
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        ReadingCsvWriter csv = ReadingCsvWriter.of(broken, ReadingCsvFormat.ORIGINAL);

        assertThatThrownBy(() -> csv.accept(ROWS))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("disk full");
        csv.close();
        assertThatThrownBy(() -> csv.accept(ROWS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writeAtomicallyCreatesTheCompleteFile() throws IOException {
        Path target = dir.resolve("july.csv");

        long rows = ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, sink -> {
            sink.accept(ROWS);
            sink.accept(ROWS);
        });

        assertThat(rows).isEqualTo(8);
        assertThat(Files.readAllLines(target, StandardCharsets.UTF_8))
                .hasSize(9)
                .startsWith("date,hour,shop,sensor_id,count,units", "2024-07-01,9,Paris,3,6912,visits");
        assertThat(filesIn(dir)).containsExactly("july.csv");
    }

    @Test
    void writeAtomicallyReplacesAnExistingFileOnlyOnSuccess() throws IOException {
        Path target = dir.resolve("july.csv");
        Files.writeString(target, "old content\n");

        ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.LIBRARY, sink -> sink.accept(ROWS));

        assertThat(Files.readString(target)).startsWith("store,sensor_id,hour").hasLineCount(5);
        assertThat(filesIn(dir)).containsExactly("july.csv");
    }

    @Test
    void writeAtomicallyLeavesNoFileWhenTheProducerFailsMidway() throws IOException {
        Path target = dir.resolve("july.csv");
        ReadingBatch big = ReadingBatch.create(List.of("Paris"), 100_000);
        for (int i = 0; i < 100_000; i++) {
            big.add(0, i, 480_000 + i, ReadingStatus.OK, i, false);
        }

        assertThatThrownBy(() -> ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, sink -> {
                    sink.accept(big); // megabytes already on disk in the temporary file
                    throw new IllegalStateException("the client went away");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the client went away");

        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void writeAtomicallyKeepsTheOldFileWhenTheProducerFails() throws IOException {
        Path target = dir.resolve("july.csv");
        Files.writeString(target, "old content\n");

        assertThatThrownBy(() -> ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, sink -> {
                    sink.accept(ROWS);
                    throw new OutOfMemoryError("simulated");
                }))
                .isInstanceOf(OutOfMemoryError.class);

        assertThat(Files.readString(target)).isEqualTo("old content\n");
        assertThat(filesIn(dir)).containsExactly("july.csv");
    }

    @Test
    void writeAtomicallyIntoAMissingFolderFailsWithoutLeavingAnything() {
        Path target = dir.resolve("missing").resolve("july.csv");

        assertThatThrownBy(() ->
                        ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, sink -> sink.accept(ROWS)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("july.csv");
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void writeAtomicallyUnderAFileSaysWhyWithoutJavaNames() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path target = file.resolve("july.csv");

        assertThatThrownBy(() ->
                        ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, sink -> sink.accept(ROWS)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot write " + target + ": Not a directory");
        assertThat(file).hasContent("mine");
    }

    @Test
    void writeAtomicallyOntoAFifoStreamsIntoItAndKeepsIt() throws Exception {
        Path fifo = AtomicOutputTest.mkfifo(dir.resolve("pipe"));
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo); // blocks until a writer opens the FIFO, then reads to its end
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        long rows = ReadingCsvWriter.writeAtomically(fifo, ReadingCsvFormat.ORIGINAL, sink -> sink.accept(ROWS));

        assertThat(rows).isEqualTo(4);
        assertThat(read.get(30, TimeUnit.SECONDS))
                .startsWith("date,hour,shop,sensor_id,count,units\n2024-07-01,9,Paris,3,6912,visits\n")
                .hasLineCount(5);
        assertThat(fifo).exists();
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
        assertThat(filesIn(dir)).containsExactly("pipe");
    }

    @Test
    void writeAtomicallyThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("july.csv");
        Files.writeString(real, "old content\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("real", "july.csv"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("again.csv"), link);

        ReadingCsvWriter.writeAtomically(linkToLink, ReadingCsvFormat.LIBRARY, sink -> sink.accept(ROWS));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(linkToLink)).isTrue();
        assertThat(Files.readString(real)).startsWith("store,sensor_id,hour").hasLineCount(5);
        assertThat(filesIn(dir)).containsExactly("again.csv", "link.csv", "real");
        assertThat(filesIn(real.getParent())).containsExactly("july.csv");
    }

    @Test
    void writeAtomicallyThroughADanglingLinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), dir.resolve("new.csv"));

        ReadingCsvWriter.writeAtomically(link, ReadingCsvFormat.LIBRARY, sink -> sink.accept(ROWS));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(dir.resolve("new.csv")).content().hasLineCount(5);
    }

    @Test
    void writeAtomicallyOntoAFolderFailsBeforeWritingAnything() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("july.csv"));

        assertThatThrownBy(() ->
                        ReadingCsvWriter.writeAtomically(folder, ReadingCsvFormat.ORIGINAL, sink -> sink.accept(ROWS)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot write " + folder + ": it is a folder");
        assertThat(filesIn(dir)).containsExactly("july.csv");
    }

    @Test
    void writeAtomicallyRemovesTheTemporaryFilesOfAKilledWriter() throws IOException {
        Path target = dir.resolve("july.csv");
        String stale = ".july.csv." + UUID.randomUUID() + ".tmp";
        Files.writeString(dir.resolve(stale), "half of an old run");
        // Not the writer's own pattern: left alone.
        Files.writeString(dir.resolve(".july.csv.notes.tmp"), "mine");
        Files.writeString(dir.resolve(".june.csv." + UUID.randomUUID() + ".tmp"), "another target's");

        ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, sink -> sink.accept(ROWS));

        assertThat(filesIn(dir))
                .hasSize(3)
                .contains("july.csv", ".july.csv.notes.tmp")
                .doesNotContain(stale);
    }

    @Test
    void writeAtomicallyLeavesTheTemporaryFileOfAWriteInProgress() throws IOException {
        Path target = dir.resolve("july.csv");
        List<String> seenByTheSecond = new ArrayList<>();

        ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, sink -> {
            sink.accept(ROWS);
            ReadingCsvWriter.writeAtomically(target, ReadingCsvFormat.ORIGINAL, inner -> {
                try {
                    seenByTheSecond.addAll(filesIn(dir));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        });

        // The second write saw the first one's temporary file beside its own and kept it.
        assertThat(seenByTheSecond).hasSize(2).allMatch(name -> name.startsWith(".july.csv."));
        assertThat(filesIn(dir)).containsExactly("july.csv");
        assertThat(target).content().hasLineCount(5);
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
