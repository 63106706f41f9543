package org.sensorsandmore.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.model.FootfallModel;
import org.sensorsandmore.core.model.ReadingGenerator;
import org.sensorsandmore.http.ReadingBinaryFormat;

/**
 * The binary form of {@code /v1/readings}: what {@link ReadingBinaryFormat#writer} writes, the
 * parser reads back row for row, in whatever pieces the bytes arrive; a cut record is dropped and
 * a resumed answer skips what was handed on; a record that breaks a rule stops the fetch, naming it.
 */
class BinaryReadingsTest {
    private static final StoreNetwork TWO = StoreNetwork.original().only(List.of("Paris", "Roma"));
    private static final HourWindow DAY = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 2));

    /** Long enough to hold failed readings. */
    private static final HourWindow WEEKS = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 22));

    @Test
    void whatTheWriterWritesTheParserReadsBackInAnyPieces() {
        List<Reading> expected = new ArrayList<>();
        byte[] body = generated(WEEKS, expected);
        assertThat(expected).hasSize(21 * 24 * TWO.sensorCount());
        assertThat(expected).extracting(Reading::status).contains(ReadingStatus.OK, ReadingStatus.FAILED);
        for (int piece : new int[] {1, 7, 13, 4096, body.length}) {
            List<Reading> got = new ArrayList<>();
            ReadingStreamParser parser = new ReadingStreamParser(TWO, ReadingSink.into(got), 100);
            parser.startResponse(WEEKS);
            for (int at = 0; at < body.length; at += piece) {
                parser.feed(body, at, Math.min(piece, body.length - at));
            }
            parser.flush();
            assertThat(parser.atRowEnd()).as("pieces of %d bytes", piece).isTrue();
            assertThat(got).as("pieces of %d bytes", piece).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void everyStatusAndFlagComesBackAsWritten() {
        LocalDateTime nine = LocalDateTime.of(2024, 7, 1, 9, 0);
        List<Reading> written = List.of(
                new Reading("Roma", 0, nine, ReadingStatus.OK, 12, true),
                new Reading("Roma", 1, nine, ReadingStatus.OK, 0, false),
                new Reading("Roma", 2, nine, ReadingStatus.FAILED, 0, true),
                new Reading("Roma", 3, nine, ReadingStatus.NOT_OPEN, 0, false));
        ReadingBatch batch = ReadingBatch.create(TWO.names(), 4);
        written.forEach(batch::add);
        byte[] body = body(TWO, sink -> sink.accept(batch));
        List<Reading> got = new ArrayList<>();
        ReadingStreamParser parser = new ReadingStreamParser(TWO, ReadingSink.into(got), 100);
        parser.startResponse(DAY);
        parser.feed(body, 0, body.length);
        parser.flush();
        assertThat(got).containsExactlyElementsOf(written);
    }

    @Test
    void aCutRecordIsDroppedAndTheResumedAnswerSkipsWhatWasHandedOn() {
        List<Reading> expected = new ArrayList<>();
        byte[] body = generated(DAY, expected);
        int header = body.length - expected.size() * ReadingBinaryFormat.RECORD_BYTES;
        List<Reading> got = new ArrayList<>();
        ReadingStreamParser parser = new ReadingStreamParser(TWO, ReadingSink.into(got), 100);
        parser.startResponse(DAY);
        int cut = header + 30 * ReadingBinaryFormat.RECORD_BYTES + 5;
        parser.feed(body, 0, cut);
        parser.flush();
        assertThat(parser.atRowEnd()).isFalse();
        assertThat(got).containsExactlyElementsOf(expected.subList(0, 30));

        // The server answers again from the hour of the last whole reading: its first rows repeat.
        LocalDateTime resume = parser.resumeHour();
        HourWindow rest = HourWindow.of(resume, DAY.to());
        byte[] again =
                body(TWO, sink -> ReadingGenerator.of(new FootfallModel(7), TWO).generate(rest, sink));
        parser.startResponse(rest);
        parser.feed(again, 0, again.length);
        parser.flush();
        assertThat(parser.atRowEnd()).isTrue();
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void aBodyWithoutTheMagicBytesIsReadAsCsv() {
        List<Reading> got = new ArrayList<>();
        ReadingStreamParser parser = new ReadingStreamParser(TWO, ReadingSink.into(got), 100);
        parser.startResponse(DAY);
        byte[] csv = "store,sensor_id,hour,visits,status,anomaly\nRoma,1,2024-07-01T09:00,12,OK,false\n"
                .getBytes(StandardCharsets.UTF_8);
        for (byte b : csv) {
            parser.feed(new byte[] {b}, 0, 1);
        }
        parser.flush();
        assertThat(got).extracting(Reading::store, Reading::legacyCount).containsExactly(tuple("Roma", 12));
    }

    @Test
    void recordsThatBreakARuleStopTheFetchNamingTheRecord() {
        int nine = Hours.toEpochHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        assertRefused(TWO, header("Paris", "Milano"), "store 'Milano', which was not asked for");
        assertRefused(
                TWO, concat(header("Roma"), record(nine, 1, 0, 5, 0)), "store index 1 is not one of the header's 1");
        assertRefused(TWO, concat(header("Roma"), record(nine, 0, 4, 5, 0)), "sensor 4 is not one of Roma's 4 sensors");
        assertRefused(
                TWO,
                concat(header("Roma"), record(nine + 24, 0, 0, 5, 0)),
                "a reading outside the window 2024-07-01T00:00 to 2024-07-02T00:00");
        assertRefused(TWO, concat(header("Roma"), record(nine, 0, 0, 5, 8)), "unknown flags 8");
        assertRefused(TWO, concat(header("Roma"), record(nine, 0, 0, 5, 3)), "unknown flags 3");
        assertRefused(TWO, concat(header("Roma"), record(nine, 0, 0, 5, 1)), "visits 5 with status FAILED");
        assertRefused(TWO, concat(header("Roma"), record(nine, 0, 0, -1, 0)), "visits -1 with status OK");
        byte[] badCount = header("Roma");
        Arrays.fill(badCount, 4, 8, (byte) -1);
        assertRefused(TWO, badCount, "names -1 stores");
    }

    @Test
    void anAnswerThatRepeatsOneRecordStopsAfterTheWindowsCount() {
        int nine = Hours.toEpochHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        StoreNetwork roma = StoreNetwork.original().only(List.of("Roma"));
        HourWindow hour = HourWindow.ofHour(LocalDateTime.of(2024, 7, 1, 9, 0));
        ReadingStreamParser parser = new ReadingStreamParser(roma, batch -> {}, 16);
        parser.startResponse(hour);
        byte[] start = header("Roma");
        parser.feed(start, 0, start.length);
        byte[] same = record(nine, 0, 0, 5, 0);
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 1000; i++) {
                        parser.feed(same, 0, same.length);
                    }
                })
                .hasMessageContaining("(more rows than the window holds)");
    }

    @Test
    void theWriterRefusesARowItCannotRecord() {
        ReadingBatch batch = ReadingBatch.create(List.of("Roma"), 1);
        batch.add(0, 70_000, 0, ReadingStatus.OK, 1, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReadingBinaryFormat.Writer writer = ReadingBinaryFormat.writer(out, List.of("Roma"));
        int header = out.size();
        assertThatThrownBy(() -> writer.accept(batch)).hasMessageContaining("sensor 70000");
        assertThat(out.size()).isEqualTo(header);
    }

    private static void assertRefused(StoreNetwork stores, byte[] body, String why) {
        ReadingStreamParser parser = new ReadingStreamParser(stores, batch -> {}, 16);
        parser.startResponse(DAY);
        assertThatThrownBy(() -> parser.feed(body, 0, body.length))
                .isInstanceOf(ReadingStreamParser.MalformedStreamException.class)
                .hasMessageContaining(why);
    }

    /** @return the binary answer of the model's readings of two stores in a window, also added to {@code into} */
    private static byte[] generated(HourWindow window, List<Reading> into) {
        return body(
                TWO,
                sink -> ReadingGenerator.of(new FootfallModel(7), TWO).generate(window, batch -> {
                    batch.forEach(into::add);
                    sink.accept(batch);
                }));
    }

    private static byte[] body(StoreNetwork stores, Consumer<ReadingSink> readings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReadingBinaryFormat.Writer writer = ReadingBinaryFormat.writer(out, stores.names());
        readings.accept(writer);
        writer.flush();
        return out.toByteArray();
    }

    /** A header naming the stores, written by hand: the format as its documentation says. */
    private static byte[] header(String... stores) {
        ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("SRB1".getBytes(StandardCharsets.US_ASCII)).putInt(stores.length);
        for (String store : stores) {
            byte[] name = store.getBytes(StandardCharsets.UTF_8);
            buffer.putShort((short) name.length).put(name);
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static byte[] record(int epochHour, int store, int sensor, int visits, int flags) {
        return ByteBuffer.allocate(ReadingBinaryFormat.RECORD_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(epochHour)
                .putShort((short) store)
                .putShort((short) sensor)
                .putInt(visits)
                .put((byte) flags)
                .array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
