package org.sensorsandmore.http.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.Hours;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;
import org.sensorsandmore.core.ReadingStatus;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.csv.ReadingCsvFormat;
import org.sensorsandmore.http.ReadingBinaryFormat;

/**
 * Turns the bytes of {@code /v1/readings} responses, CSV or {@linkplain ReadingBinaryFormat binary},
 * into batches for a sink, across responses: only whole rows count (a CSV line ended by {@code \n},
 * a whole record; a cut stream's last partial row is dropped), and a row at or before the last one
 * handed on is skipped, so a resumed stream never duplicates a reading.
 *
 * <p>A response may hold only rows of the window it was asked for, and no more lines than that window
 * has readings: a server that sends a row outside the window, a sensor the store does not have, or
 * more lines (duplicates included) is stopped at that row, so a source that never stops streaming
 * cannot keep a fetch reading forever.
 *
 * <p>Built for volume: no object per row. A binary record is read where it lies; a CSV row's store
 * and hour cells are compared with the previous row's bytes (rows come grouped by hour and store)
 * and decoded only when they change.
 */
final class ReadingStreamParser {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] FAILED = "FAILED".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_OPEN = "NOT_OPEN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER = (ReadingCsvFormat.LIBRARY.headerLine()).getBytes(StandardCharsets.US_ASCII);

    /** Far above any real line (a store name and five short cells): a line without end is refused. */
    private static final int MAX_LINE_BYTES = 1 << 20;

    /** Far above the header of any store list a request can name: a header without end is refused. */
    private static final int MAX_BINARY_HEADER_BYTES = 16 << 20;

    private static final int RECORD = ReadingBinaryFormat.RECORD_BYTES;

    private final ReadingSink sink;
    private final ReadingBatch batch;
    private final Map<String, Integer> storeIndex = new HashMap<>();
    private final List<String> storeNames;

    /** Each store's name as its unquoted cell: rows come store after store, so the next is tried first. */
    private final byte[][] storeCells;

    private final int[] sensorCounts;
    private final int batchRows;
    private final int sensorsPerHour;

    private byte[] carry = new byte[256];
    private int carried;
    private boolean headerSeen;

    /**
     * Whether the current response is binary, known once its first bytes are ({@link #formatKnown});
     * once its header is read, each of its store indexes as ours.
     */
    private boolean binary;

    private boolean formatKnown;

    private int[] binaryStores = new int[0];

    /** How far the binary header was read: its names so far, and where the next starts in {@link #carry}. */
    private int headerNames;

    private int headerAt;

    private byte[] lastStoreCell = new byte[0];
    private int lastStoreIndex = -1;
    private final byte[] lastHourCell = new byte[32];
    private int lastHourLength = -1;
    private int lastEpochHour;

    /** The last row handed on: rows at or before it are duplicates of a resumed stream. */
    private boolean any;

    private int doneHour;
    private int doneStore;
    private int doneSensor;
    private long rows;

    /** The window of the current response, as epoch hours {@code [fromHour, toHour)}. */
    private int fromHour;

    private int toHour;

    /** Lines the current response may still hold: the readings of its window. */
    private long linesLeft;

    /** Where the cell {@link #digitsCell} read ended. */
    private int cellEnd;

    ReadingStreamParser(StoreNetwork stores, ReadingSink sink, int batchRows) {
        this.sink = sink;
        this.batchRows = batchRows;
        List<String> names = stores.names();
        this.storeNames = names;
        sensorCounts = new int[names.size()];
        storeCells = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            storeCells[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
            storeIndex.put(names.get(i), i);
            sensorCounts[i] = stores.stores().get(i).sensorCount();
        }
        this.sensorsPerHour = stores.sensorCount();
        this.batch = ReadingBatch.create(names, batchRows);
    }

    /**
     * A new response begins: it starts with a header, and nothing is carried over.
     *
     * @param asked the window the request asked for: the response may hold its readings and no others
     */
    void startResponse(HourWindow asked) {
        carried = 0;
        headerSeen = false;
        formatKnown = false;
        headerNames = 0;
        headerAt = 0;
        fromHour = asked.fromEpochHour();
        toHour = asked.toEpochHour();
        linesLeft = asked.hours() * sensorsPerHour;
    }

    /** @return whether the current response ended after a whole row (nothing partial pending) */
    boolean atRowEnd() {
        return carried == 0 && headerSeen;
    }

    /** @return the rows handed on so far (duplicates skipped) */
    long rows() {
        return rows;
    }

    /** @return the hour of the last row handed on, if any (where a resumed request starts) */
    LocalDateTime resumeHour() {
        return any ? Hours.ofEpochHour(doneHour) : null;
    }

    void feed(byte[] bytes, int offset, int length) {
        if (!formatKnown) {
            // The body's first bytes tell the format, whatever the headers say (a proxy may drop them).
            int magic = ReadingBinaryFormat.MAGIC_BYTES;
            if (carried + length < magic) {
                append(bytes, offset, length);
                return;
            }
            byte[] first = new byte[magic];
            System.arraycopy(carry, 0, first, 0, carried);
            System.arraycopy(bytes, offset, first, carried, magic - carried);
            binary = ReadingBinaryFormat.hasMagic(first, 0);
            formatKnown = true;
            if (carried > 0) {
                byte[] start = Arrays.copyOf(carry, carried);
                carried = 0;
                feed(start, 0, start.length);
            }
        }
        if (binary) {
            feedBinary(bytes, offset, length);
            return;
        }
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int newline = indexOf(bytes, start, end, (byte) '\n');
            if (newline == end) {
                break;
            }
            if (carried > 0) {
                append(bytes, start, newline - start);
                line(carry, 0, carried);
                carried = 0;
            } else {
                line(bytes, start, newline - start);
            }
            start = newline + 1;
        }
        if (start < end) {
            append(bytes, start, end - start);
        }
    }

    private void feedBinary(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        if (!headerSeen) {
            if (carried + length > MAX_BINARY_HEADER_BYTES) {
                throw new MalformedStreamException(
                        "the server sent a binary header longer than " + MAX_BINARY_HEADER_BYTES + " bytes");
            }
            append(bytes, start, length);
            int header = binaryHeader();
            if (header < 0) {
                return;
            }
            // The header is read: what followed it is records, parsed from here as any other bytes.
            byte[] rest = Arrays.copyOfRange(carry, header, carried);
            carried = 0;
            bytes = rest;
            start = 0;
            end = rest.length;
        }
        if (carried > 0) {
            int take = Math.min(RECORD - carried, end - start);
            append(bytes, start, take);
            start += take;
            if (carried < RECORD) {
                return;
            }
            record(carry, 0);
            carried = 0;
        }
        for (; start + RECORD <= end; start += RECORD) {
            record(bytes, start);
        }
        if (start < end) {
            append(bytes, start, end - start);
        }
    }

    /**
     * Reads the binary header from the carried bytes once they hold it whole.
     *
     * @return where the records start in {@link #carry}, or -1 while the header is not whole
     */
    private int binaryHeader() {
        if (carried < ReadingBinaryFormat.HEADER_BYTES) {
            return -1;
        }
        if (headerAt == 0) {
            if (!ReadingBinaryFormat.hasMagic(carry, 0)) {
                throw new MalformedStreamException("the server's answer does not start as the binary format's (SRB1)");
            }
            int count = ReadingBinaryFormat.int32(carry, 4);
            if (count < 0 || count > ReadingBinaryFormat.MAX_STORES) {
                throw new MalformedStreamException("the server's binary header names " + count + " stores");
            }
            binaryStores = new int[count];
            headerAt = ReadingBinaryFormat.HEADER_BYTES;
        }
        // Names read by an earlier call are not read again: a header may come a few bytes at a time.
        for (; headerNames < binaryStores.length; headerNames++) {
            if (headerAt + 2 > carried) {
                return -1;
            }
            int length = ReadingBinaryFormat.uint16(carry, headerAt);
            if (headerAt + 2 + length > carried) {
                return -1;
            }
            String name = new String(carry, headerAt + 2, length, StandardCharsets.UTF_8);
            Integer index = storeIndex.get(name);
            if (index == null) {
                throw new MalformedStreamException(
                        "the server's binary header names store '" + name + "', which was not asked for");
            }
            binaryStores[headerNames] = index;
            headerAt += 2 + length;
        }
        headerSeen = true;
        return headerAt;
    }

    /** Reads the record at {@code at} of {@code b}. */
    private void record(byte[] b, int at) {
        int hour = ReadingBinaryFormat.int32(b, at);
        int storeInAnswer = ReadingBinaryFormat.uint16(b, at + 4);
        int sensor = ReadingBinaryFormat.uint16(b, at + 6);
        int visits = ReadingBinaryFormat.int32(b, at + 8);
        int flags = b[at + 12] & 0xFF;
        if (storeInAnswer >= binaryStores.length) {
            throw malformedRecord(
                    "store index " + storeInAnswer + " is not one of the header's " + binaryStores.length,
                    hour,
                    storeInAnswer,
                    sensor);
        }
        int code = flags & ReadingBinaryFormat.STATUS_BITS;
        if ((flags & ~(ReadingBinaryFormat.STATUS_BITS | ReadingBinaryFormat.ANOMALY)) != 0
                || code > ReadingStatus.NOT_OPEN.code()) {
            throw malformedRecord("unknown flags " + flags, hour, storeInAnswer, sensor);
        }
        ReadingStatus status = ReadingStatus.ofCode(code);
        if (status == ReadingStatus.OK ? visits < 0 : visits != 0) {
            throw malformedRecord(
                    "visits " + visits + " with status " + status + " (0 or more when OK, else 0)",
                    hour,
                    storeInAnswer,
                    sensor);
        }
        int store = binaryStores[storeInAnswer];
        String refusal = refusal(store, sensor, hour);
        if (refusal != null) {
            throw malformedRecord(refusal, hour, storeInAnswer, sensor);
        }
        hand(store, sensor, hour, status, visits, (flags & ReadingBinaryFormat.ANOMALY) != 0);
    }

    private static MalformedStreamException malformedRecord(String why, int hour, int store, int sensor) {
        return new MalformedStreamException("the server sent a bad record (" + why + "): hour " + hour + " ("
                + Hours.ofEpochHour(hour) + "), store index " + store + ", sensor " + sensor);
    }

    private void append(byte[] bytes, int offset, int length) {
        if (!binary && carried + length > MAX_LINE_BYTES) {
            throw malformed("a line longer than " + MAX_LINE_BYTES + " bytes", carry, 0, carried);
        }
        if (carried + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + length));
        }
        System.arraycopy(bytes, offset, carry, carried, length);
        carried += length;
    }

    /** Hands the rows gathered so far to the sink. */
    void flush() {
        if (!batch.isEmpty()) {
            sink.accept(batch);
            batch.clear();
        }
    }

    private void line(byte[] b, int from, int length) {
        int end = from + length;
        if (end > from && b[end - 1] == '\r') {
            end--;
        }
        if (!headerSeen) {
            if (!Arrays.equals(b, from, end, HEADER, 0, HEADER.length)) {
                throw malformed("the header is not " + ReadingCsvFormat.LIBRARY.headerLine(), b, from, end);
            }
            headerSeen = true;
            return;
        }
        if (end == from) {
            throw malformed("an empty line", b, from, end);
        }
        int p = from;
        int store;
        if (b[p] == '"') {
            StringBuilder name = new StringBuilder();
            int q = p + 1;
            int segment = q;
            while (true) {
                if (q >= end) {
                    throw malformed("an unclosed quote", b, from, end);
                }
                if (b[q] == '"') {
                    name.append(new String(b, segment, q - segment, StandardCharsets.UTF_8));
                    if (q + 1 < end && b[q + 1] == '"') {
                        name.append('"');
                        q += 2;
                        segment = q;
                        continue;
                    }
                    q++;
                    break;
                }
                q++;
            }
            store = storeIndex(name.toString(), b, from, end);
            p = q;
        } else {
            int known = lastStoreCell.length;
            int comma;
            if (known > 0
                    && p + known < end
                    && b[p + known] == ','
                    && Arrays.equals(b, p, p + known, lastStoreCell, 0, known)) {
                // Rows come grouped by store: most rows name the previous row's store.
                store = lastStoreIndex;
                comma = p + known;
            } else if (isCell(b, p, end, lastStoreIndex + 1)) {
                // The next store of the list: the store's rows ended.
                store = lastStoreIndex + 1;
                comma = p + storeCells[store].length;
                lastStoreCell = storeCells[store];
                lastStoreIndex = store;
            } else {
                comma = indexOf(b, p, end, (byte) ',');
                store = storeIndex(new String(b, p, comma - p, StandardCharsets.UTF_8), b, from, end);
                lastStoreCell = Arrays.copyOfRange(b, p, comma);
                lastStoreIndex = store;
            }
            p = comma;
        }
        p = expectComma(b, p, end, from);
        int sensor = digitsCell("sensor_id", b, p, from, end);
        p = cellEnd + 1;
        // Every row of an hour has the same hour cell: check the previous one's width before scanning.
        int comma = lastHourLength > 0 && p + lastHourLength < end && b[p + lastHourLength] == ','
                ? p + lastHourLength
                : indexOf(b, p, end, (byte) ',');
        int hour = hour(b, p, comma, from, end);
        p = comma + 1;
        boolean hasVisits = p >= end || b[p] != ',';
        int visits = hasVisits ? digitsCell("visits", b, p, from, end) : 0;
        p = (hasVisits ? cellEnd : p) + 1;
        comma = indexOf(b, p, end, (byte) ',');
        ReadingStatus status = status(b, p, comma, from, end);
        if ((status == ReadingStatus.OK) != hasVisits) {
            throw malformed("visits must be given exactly when the status is OK", b, from, end);
        }
        p = comma + 1;
        boolean anomaly;
        if (end - p == 4 && b[p] == 't' && b[p + 1] == 'r' && b[p + 2] == 'u' && b[p + 3] == 'e') {
            anomaly = true;
        } else if (end - p == 5
                && b[p] == 'f'
                && b[p + 1] == 'a'
                && b[p + 2] == 'l'
                && b[p + 3] == 's'
                && b[p + 4] == 'e') {
            anomaly = false;
        } else {
            throw malformed("anomaly must be true or false", b, from, end);
        }
        String refusal = refusal(store, sensor, hour);
        if (refusal != null) {
            throw malformed(refusal, b, from, end);
        }
        hand(store, sensor, hour, status, visits, anomaly);
    }

    /**
     * Counts a row against its response's rows.
     *
     * @return why the row may not be in the current response, or null
     */
    private String refusal(int store, int sensor, int hour) {
        if (hour < fromHour || hour >= toHour) {
            return "a reading outside the window " + Hours.ofEpochHour(fromHour) + " to " + Hours.ofEpochHour(toHour);
        }
        if (sensor >= sensorCounts[store]) {
            return "sensor " + sensor + " is not one of " + storeNames.get(store) + "'s " + sensorCounts[store]
                    + " sensors, ids 0 to " + (sensorCounts[store] - 1);
        }
        if (linesLeft-- == 0) {
            return "more rows than the window holds";
        }
        return null;
    }

    /** Hands a valid row on, unless a response before this one handed it on already. */
    private void hand(int store, int sensor, int hour, ReadingStatus status, int visits, boolean anomaly) {
        if (any && !after(hour, store, sensor)) {
            return; // already handed on before the stream was cut
        }
        any = true;
        doneHour = hour;
        doneStore = store;
        doneSensor = sensor;
        batch.add(store, sensor, hour, status, visits, anomaly);
        rows++;
        if (batch.size() >= batchRows) {
            flush();
        }
    }

    /** Rows come hour by hour, then store by store, then sensor by sensor. */
    private boolean after(int hour, int store, int sensor) {
        if (hour != doneHour) {
            return hour > doneHour;
        }
        if (store != doneStore) {
            return store > doneStore;
        }
        return sensor > doneSensor;
    }

    /** @return whether the unquoted cell at {@code p} is store {@code index}'s, followed by a comma */
    private boolean isCell(byte[] b, int p, int end, int index) {
        if (index >= storeCells.length) {
            return false;
        }
        byte[] cell = storeCells[index];
        int length = cell.length;
        return length > 0
                && p + length < end
                && b[p + length] == ','
                && Arrays.equals(b, p, p + length, cell, 0, length);
    }

    private int storeIndex(String name, byte[] b, int from, int end) {
        Integer index = storeIndex.get(name);
        if (index == null) {
            throw malformed("store '" + name + "' was not asked for", b, from, end);
        }
        return index;
    }

    private int hour(byte[] b, int p, int end, int lineStart, int lineEnd) {
        int length = end - p;
        if (length <= 0) {
            throw malformed("the hour is missing", b, lineStart, lineEnd);
        }
        if (length == lastHourLength && Arrays.equals(b, p, end, lastHourCell, 0, length)) {
            return lastEpochHour;
        }
        if (length > lastHourCell.length) {
            throw malformed("the hour is too long", b, lineStart, lineEnd);
        }
        try {
            LocalDateTime hour = LocalDateTime.parse(new String(b, p, length, StandardCharsets.US_ASCII));
            lastEpochHour = Hours.toEpochHour(Hours.requireWholeHour(hour, "hour"));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw malformed("the hour is not a whole hour", b, lineStart, lineEnd);
        }
        System.arraycopy(b, p, lastHourCell, 0, length);
        lastHourLength = length;
        return lastEpochHour;
    }

    private static ReadingStatus status(byte[] b, int p, int end, int lineStart, int lineEnd) {
        int length = end - p;
        if (length == 2 && b[p] == 'O' && b[p + 1] == 'K') {
            return ReadingStatus.OK;
        }
        if (length == 6 && b[p] == 'F' && Arrays.equals(b, p, end, FAILED, 0, 6)) {
            return ReadingStatus.FAILED;
        }
        if (length == 8 && b[p] == 'N' && Arrays.equals(b, p, end, NOT_OPEN, 0, 8)) {
            return ReadingStatus.NOT_OPEN;
        }
        throw malformed("unknown status", b, lineStart, lineEnd);
    }

    /**
     * Reads a cell of digits from {@code p} in the same pass that finds its end, and leaves that end
     * (its comma, or the line's end) in {@link #cellEnd}.
     */
    private int digitsCell(String column, byte[] b, int p, int lineStart, int lineEnd) {
        int value = 0;
        int i = p;
        for (; i < lineEnd; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
        }
        int end = i < lineEnd && b[i] != ',' ? indexOf(b, i, lineEnd, (byte) ',') : i;
        if (end == p || end - p > 9) {
            throw malformed(column + " must be 1 to 9 digits", b, lineStart, lineEnd);
        }
        if (end != i) {
            throw malformed(column + " must be digits, 0 or more", b, lineStart, lineEnd);
        }
        cellEnd = end;
        return value;
    }

    private static int expectComma(byte[] b, int p, int end, int lineStart) {
        if (p >= end || b[p] != ',') {
            throw malformed("a cell is missing", b, lineStart, end);
        }
        return p + 1;
    }

    /**
     * @return the index of the first {@code target} byte in {@code [from, to)}, or {@code to}; eight
     *     bytes at a time (a SWAR zero-byte test), as this scan is most of the parser's work
     */
    static int indexOf(byte[] b, int from, int to, byte target) {
        long pattern = (target & 0xFFL) * 0x0101010101010101L;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(b, i) ^ pattern;
            long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return to;
    }

    private static MalformedStreamException malformed(String why, byte[] b, int from, int end) {
        String line = new String(b, from, Math.min(end - from, 200), StandardCharsets.UTF_8);
        return new MalformedStreamException("the server sent a bad line (" + why + "): " + line);
    }

    /** A response that broke the rules: the fetch fails at that line, without retrying. */
    static final class MalformedStreamException extends SensorsException {
        private static final long serialVersionUID = 1L;

        MalformedStreamException(String message) {
            super(message);
        }
    }
}
