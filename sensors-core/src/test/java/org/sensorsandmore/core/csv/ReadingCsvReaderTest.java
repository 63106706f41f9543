package org.sensorsandmore.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sensorsandmore.core.Reading;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;

class ReadingCsvReaderTest {
    private static final LocalDateTime NINE = LocalDateTime.of(2024, 7, 1, 9, 0);
    private static final String ORIGINAL_HEADER = "date,hour,shop,sensor_id,count,units\n";
    private static final String LIBRARY_HEADER = "store,sensor_id,hour,visits,status,anomaly\n";

    @TempDir
    Path dir;

    private static List<Reading> sampleReadings() {
        return List.of(
                Reading.ok("Paris", 3, NINE, 6912),
                Reading.failed("Paris", 4, NINE),
                new Reading("Paris", 4, NINE.plusHours(1), ReadingStatus.FAILED, 0, true),
                new Reading("Roma", 0, NINE.minusHours(9), ReadingStatus.NOT_OPEN, 0, false),
                new Reading("Rome, Termini", 1, NINE.plusDays(40), ReadingStatus.OK, 12, true),
                Reading.ok("Macy's \"Herald\" Square", 0, LocalDateTime.of(1969, 12, 31, 23, 0), 0),
                Reading.ok("Two\nLines", 2, LocalDateTime.of(2024, 2, 29, 0, 0), Integer.MAX_VALUE),
                Reading.ok(" spaced ", 0, LocalDateTime.of(1, 1, 1, 0, 0), 1),
                Reading.ok("Zürich", 7, LocalDateTime.of(9999, 12, 31, 23, 0), 5));
    }

    private static String write(ReadingCsvFormat format, List<Reading> readings) {
        ReadingBatch batch = ReadingBatch.create(4);
        readings.forEach(batch::add);
        StringWriter out = new StringWriter();
        try (ReadingCsvWriter csv = ReadingCsvWriter.of(out, format)) {
            csv.accept(batch);
        }
        return out.toString();
    }

    private static List<Reading> withoutAnomaly(List<Reading> readings) {
        return readings.stream()
                .map(r -> new Reading(r.store(), r.sensorId(), r.hour(), r.status(), r.visits(), false))
                .toList();
    }

    private record Read(CsvReadResult result, List<Reading> readings) {}

    private static Read read(ReadingCsvReader reader, String csv) {
        List<Reading> readings = new ArrayList<>();
        CsvReadResult result = reader.read(new StringReader(csv), ReadingSink.into(readings));
        assertThat(result.rowsRead()).isEqualTo(result.rowsAccepted() + result.rowsRejected());
        assertThat(readings).hasSize((int) result.rowsAccepted());
        return new Read(result, readings);
    }

    private static Read read(String csv) {
        return read(ReadingCsvReader.create(), csv);
    }

    /** The library format round-trips every field; the original's, all but the anomaly flag. */
    static Stream<Arguments> roundTrips() {
        return Stream.of(
                Arguments.of(ReadingCsvFormat.LIBRARY, sampleReadings()),
                Arguments.of(ReadingCsvFormat.ORIGINAL, withoutAnomaly(sampleReadings())));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void aFormatRoundTripsWhatItHolds(ReadingCsvFormat format, List<Reading> expected) {
        Read back = read(write(format, sampleReadings()));

        assertThat(back.result().format()).isEqualTo(format);
        assertThat(back.result().rejectedRows()).isEmpty();
        assertThat(back.readings()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ReadingCsvFormat.class)
    void roundTripThroughAFileInSmallBatches(ReadingCsvFormat format) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            readings.add(
                    i % 10 == 0
                            ? Reading.failed("S" + i % 3, i % 5, NINE.plusHours(i))
                            : Reading.ok("S" + i % 3, i % 5, NINE.plusHours(i), i));
        }
        Path file = dir.resolve("readings.csv");
        ReadingCsvWriter.writeAtomically(file, format, sink -> {
            ReadingBatch batch = ReadingBatch.create(64);
            readings.forEach(batch::add);
            sink.accept(batch);
        });

        List<Reading> back = new ArrayList<>();
        IdentityHashMap<ReadingBatch, Integer> batches = new IdentityHashMap<>();
        CsvReadResult result = ReadingCsvReader.create()
                .withFormat(format)
                .withBatchSize(300)
                .read(file, batch -> {
                    assertThat(batch.size()).isBetween(1, 300);
                    batches.merge(batch, 1, Integer::sum);
                    batch.forEach(back::add);
                });

        assertThat(result.rowsRead()).isEqualTo(1000);
        assertThat(result.isClean()).isTrue();
        assertThat(back).isEqualTo(readings);
        assertThat(batches).as("one batch, reused").hasSize(1).containsValue(4);
    }

    @Test
    void crlfLineEndingsAndAByteOrderMarkAreRead() {
        Read back = read(String.join(
                "\r\n",
                "\uFEFFdate,hour,shop,sensor_id,count,units",
                "2024-07-01,9,Paris,3,6912,visits",
                "",
                "2024-07-01,9,\"Paris\",4,-1,",
                ""));

        assertThat(back.result().isClean()).isTrue();
        assertThat(back.readings())
                .containsExactly(Reading.ok("Paris", 3, NINE, 6912), Reading.failed("Paris", 4, NINE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "NULL,9,Paris,3,6912,visits           | date is NULL",
                "2024-07-01,NULL,Paris,3,6912,visits  | hour is NULL",
                "2024-07-01,9,NULL,3,6912,visits      | shop is NULL",
                "2024-07-01,9,Paris,NULL,6912,visits  | sensor_id is NULL",
                "2024-07-01,9,Paris,3,NULL,visits     | count is NULL",
                "2024-07-01,9,Paris,3,NULL,           | count is NULL",
                "2024-07-01,nine,Paris,3,6912,visits  | hour 'nine' is not an integer",
                "2024-07-01,9.0,Paris,3,6912,visits   | hour '9.0' is not an integer",
                "2024-07-01,24,Paris,3,6912,visits    | hour '24' is not between 0 and 23",
                "2024-07-01,-1,Paris,3,6912,visits    | hour '-1' is not between 0 and 23",
                "2024-07-01,9,Paris,x3,6912,visits    | sensor_id 'x3' is not an integer",
                "2024-07-01,9,Paris,-3,6912,visits    | sensor_id '-3' is not 0 or more",
                "2024-07-01,9,Paris,3,69.12,visits    | count '69.12' is not an integer",
                "2024-07-01,9,Paris,3,-,visits        | count '-' is not an integer",
                "2024-07-01,9,Paris,3,-3,             | count '-3' is not 0 or more (visits), -1 (failed) or -2 (not open)",
                "2024-07-01,9,Paris,3,99999999999,visits | count '99999999999' is not 0 or more",
                "2024-02-30,9,Paris,3,6912,visits     | date '2024-02-30' is not a valid date (Invalid date 'FEBRUARY 30')",
                "2023-13-01,9,Paris,3,6912,visits     | date '2023-13-01' is not a valid date",
                "0000-01-01,9,Paris,3,6912,visits     | date '0000-01-01' is before 0001-01-01",
                "01/07/2024,9,Paris,3,6912,visits     | date '01/07/2024' is not an ISO date (yyyy-MM-dd)",
                "2024-7-1,9,Paris,3,6912,visits       | date '2024-7-1' is not an ISO date (yyyy-MM-dd)",
                "2024-07-01,9,,3,6912,visits          | shop is blank",
                "2024-07-01,9,   ,3,6912,visits       | shop is blank",
                "2024-07-01,9,Paris,3,,visits         | count is empty",
                "2024-07-01,9,Paris,3,6912,           | units must be 'visits' when count is 6912, not ''",
                "2024-07-01,9,Paris,3,-1,visits       | units must be empty when count is -1, not 'visits'",
                "2024-07-01,9,Paris,3,6912            | expected 6 cells (date,hour,shop,sensor_id,count,units), found 5",
                "2024-07-01,9,Paris,3,6912,visits,x   | expected 6 cells (date,hour,shop,sensor_id,count,units), found 7",
                "2024-07-01,9,\"Par\"is,3,6912,visits | text follows the closing quote of cell 3",
                "NULL,24,,-3,-7,visits                | date is NULL; hour '24' is not between 0 and 23; shop is blank; sensor_id '-3' is not 0 or more; count '-7' is not",
            })
    void eachKindOfDirtyOriginalRowIsRejectedWithItsReason(String row, String reason) {
        Read back =
                read(ORIGINAL_HEADER + "2024-07-01,9,Paris,0,1,visits\n" + row + "\n2024-07-01,9,Paris,1,2,visits\n");

        assertThat(back.result().rowsRead()).isEqualTo(3);
        assertThat(back.result().rowsAccepted()).isEqualTo(2);
        assertThat(back.result().rejectedRows()).singleElement().satisfies(rejected -> {
            assertThat(rejected.lineNumber()).isEqualTo(3);
            assertThat(rejected.text()).isEqualTo(row);
            assertThat(rejected.reason()).startsWith(reason);
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                ",3,2024-07-01T09:00,12,OK,false            | store is blank",
                "=SUM(A1),3,2024-07-01T09:00,12,OK,false    | store: A store name must not start with '=', which spreadsheets run as a formula: '=SUM(A1)'",
                "Paris,,2024-07-01T09:00,12,OK,false        | sensor_id is empty",
                "Paris,-1,2024-07-01T09:00,12,OK,false      | sensor_id '-1' is not 0 or more",
                "Paris,3,2024-07-01,12,OK,false             | hour '2024-07-01' is not an ISO date-time like 2024-07-01T09:00",
                "Paris,3,2024-07-01T09:30,12,OK,false       | hour '2024-07-01T09:30' is not a whole hour",
                "Paris,3,2024-07-01T24:00,12,OK,false       | hour '2024-07-01T24:00' is not an ISO date-time like 2024-07-01T09:00 (Invalid value for HourOfDay (valid values 0 - 23): 24)",
                "Paris,3,2024-02-30T09:00,12,OK,false       | hour '2024-02-30T09:00' is not an ISO date-time like 2024-07-01T09:00 (Invalid date 'FEBRUARY 30')",
                "Paris,3,2024-07-01T09:00,,OK,false         | visits is empty",
                "Paris,3,2024-07-01T09:00,-1,OK,false       | visits '-1' is not 0 or more",
                "Paris,3,2024-07-01T09:00,12,FAILED,false   | visits must be empty when status is FAILED, not '12'",
                "Paris,3,2024-07-01T09:00,0,NOT_OPEN,false  | visits must be empty when status is NOT_OPEN, not '0'",
                "Paris,3,2024-07-01T09:00,12,ok,false       | status 'ok' is not OK, FAILED or NOT_OPEN",
                "Paris,3,2024-07-01T09:00,,,false           | status '' is not OK, FAILED or NOT_OPEN",
                "Paris,3,2024-07-01T09:00,12,OK,yes         | anomaly 'yes' is not true or false",
                "Paris,3,2024-07-01T09:00,,NOT_OPEN,true    | anomaly must be false when status is NOT_OPEN",
                "Paris,3,2024-07-01T09:00,12,OK             | expected 6 cells (store,sensor_id,hour,visits,status,anomaly), found 5",
            })
    void eachKindOfBadLibraryRowIsRejectedWithItsReason(String row, String reason) {
        Read back = read(LIBRARY_HEADER + row + "\nParis,3,2024-07-01T09:00:00,12,OK,false\n");

        assertThat(back.result().rowsRead()).isEqualTo(2);
        assertThat(back.readings()).containsExactly(Reading.ok("Paris", 3, NINE, 12));
        assertThat(back.result().rejectedRows()).singleElement().satisfies(rejected -> {
            assertThat(rejected.lineNumber()).isEqualTo(2);
            assertThat(rejected.text()).isEqualTo(row);
            assertThat(rejected.reason()).isEqualTo(reason);
        });
    }

    @Test
    void lineNumbersArePhysicalLinesAcrossMultiLineStoreNames() {
        Read back = read(LIBRARY_HEADER
                + "\"Two\nLines\",0,2024-07-01T09:00,1,OK,false\n"
                + "\n"
                + "Paris,x,2024-07-01T09:00,1,OK,false\n");

        assertThat(back.readings()).containsExactly(Reading.ok("Two\nLines", 0, NINE, 1));
        assertThat(back.result().rejectedRows())
                .singleElement()
                .extracting(RejectedRow::lineNumber)
                .isEqualTo(5L);
    }

    @Test
    void anUnclosedQuoteCostsOneRowNotTheRestOfTheFile() {
        Read back = read(ORIGINAL_HEADER
                + "2024-07-01,9,\"Paris,3,6912,visits\n"
                + "2024-07-01,9,Paris,4,7,visits\n"
                + "2024-07-01,9,Paris,5,8,visits\n");

        assertThat(back.readings()).extracting(Reading::sensorId).containsExactly(4, 5);
        assertThat(back.result().rejectedRows()).singleElement().satisfies(rejected -> {
            assertThat(rejected.lineNumber()).isEqualTo(2);
            assertThat(rejected.text()).isEqualTo("2024-07-01,9,\"Paris,3,6912,visits");
            assertThat(rejected.reason()).isEqualTo("a quote opened in this line is never closed");
        });
    }

    @Test
    void anOverlongLineIsRejectedAndCut() {
        String longName = "P".repeat(ReadingCsvReader.MAX_ROW_CHARS + 10);
        Read back =
                read(ORIGINAL_HEADER + "2024-07-01,9," + longName + ",3,6912,visits\n2024-07-01,9,Paris,4,7,visits\n");

        assertThat(back.readings()).extracting(Reading::sensorId).containsExactly(4);
        RejectedRow rejected = back.result().rejectedRows().get(0);
        assertThat(rejected.reason()).isEqualTo("the line is longer than 65536 characters");
        assertThat(rejected.text()).hasSize(RejectedRow.MAX_TEXT_LENGTH + 1).endsWith("P…");
    }

    @Test
    void rejectedRowsBeyondTheLimitAreCountedNotKept() {
        StringBuilder csv = new StringBuilder(ORIGINAL_HEADER);
        for (int i = 0; i < 50; i++) {
            csv.append("2024-07-01,9,Paris,NULL,").append(i).append(",visits\n");
        }

        Read back = read(ReadingCsvReader.create().withMaxRejectedRows(10), csv.toString());

        assertThat(back.result().rowsRejected()).isEqualTo(50);
        assertThat(back.result().rejectedRows()).hasSize(10);
        assertThat(back.result().rejectedRowsOmitted()).isEqualTo(40);
        assertThat(back.result().rejectedRows())
                .extracting(RejectedRow::lineNumber)
                .startsWith(2L, 3L);
    }

    @Test
    void headerOnlyReadsNoRow() {
        List<ReadingBatch> batches = new ArrayList<>();
        CsvReadResult result = ReadingCsvReader.create().read(new StringReader(LIBRARY_HEADER), batches::add);

        assertThat(result).isEqualTo(new CsvReadResult(ReadingCsvFormat.LIBRARY, 0, 0, 0, List.of()));
        assertThat(batches).isEmpty();
    }

    @Test
    void emptyInputHasNoHeader() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.csv"));

        assertThatThrownBy(() -> ReadingCsvReader.create().read(empty, batch -> {}))
                .isInstanceOf(CsvHeaderException.class)
                .hasMessageContaining("empty.csv")
                .hasMessageContaining("is empty")
                .hasMessageContaining("'date,hour,shop,sensor_id,count,units'");
        assertThatThrownBy(() -> ReadingCsvReader.create().read(new StringReader("\n\n"), batch -> {}))
                .isInstanceOf(CsvHeaderException.class)
                .extracting(e -> ((CsvHeaderException) e).found())
                .isEqualTo("");
    }

    @Test
    void unknownHeaderIsATypedErrorNamingWhatWasFound() {
        assertThatThrownBy(() ->
                        ReadingCsvReader.create().read(new StringReader("2024-07-01,9,Paris,3,6912,visits\n"), b -> {}))
                .isInstanceOf(CsvHeaderException.class)
                .hasMessage("Cannot read the CSV input: line 1 is not a readings header: found"
                        + " '2024-07-01,9,Paris,3,6912,visits'; expected"
                        + " 'store,sensor_id,hour,visits,status,anomaly' or 'date,hour,shop,sensor_id,count,units'")
                .extracting(e -> ((CsvHeaderException) e).found())
                .isEqualTo("2024-07-01,9,Paris,3,6912,visits");
    }

    @Test
    void aReaderToldTheFormatRefusesTheOther() {
        ReadingCsvReader library = ReadingCsvReader.create().withFormat(ReadingCsvFormat.LIBRARY);

        assertThatThrownBy(() -> library.read(new StringReader(ORIGINAL_HEADER), b -> {}))
                .isInstanceOf(CsvHeaderException.class)
                .hasMessageContaining("line 1 is not the LIBRARY header: found 'date,hour,shop,sensor_id,count,units'");
    }

    @Test
    void whatTheSinkThrowsEndsTheRead() {
        String csv = ORIGINAL_HEADER + "2024-07-01,9,Paris,3,6912,visits\n".repeat(10);

        assertThatThrownBy(() -> ReadingCsvReader.create().withBatchSize(3).read(new StringReader(csv), batch -> {
                    throw new IllegalStateException("database gone");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("database gone");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> ReadingCsvReader.create().withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The batch size must be at least 1, not 0");
        assertThatThrownBy(() -> ReadingCsvReader.create().withMaxRejectedRows(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ReadingCsvReader.create()
                        .withFormat(ReadingCsvFormat.ORIGINAL)
                        .format())
                .contains(ReadingCsvFormat.ORIGINAL);
    }

    @Test
    void aFileThatIsNotUtf8FailsNamingTheFileAndLine() throws Exception {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(
                latin1,
                (LIBRARY_HEADER + "Z\u00fcrich,0,2024-07-01T09:00,1,OK,false\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ReadingCsvReader.create().read(latin1, batch -> {}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("latin1.csv")
                .hasMessageContaining("UTF-8");
    }
}
