package org.sensorsandmore.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.ReadingSink;

/**
 * The binary form of {@code /v1/readings} ({@code format=binary}), the one this library's client
 * asks for: the same rows as the CSV, in the same order, in fixed-size records, so that neither
 * side formats or parses text: a year of a 400 × 10 fleet is 1.45 GB of CSV and 0.46 GB of
 * records, and its first catch-up took 16.1 s instead of 18.7 s (BENCHMARKS.md).
 *
 * <p>Little-endian throughout:
 *
 * <ul>
 *   <li>the header: the 4 bytes {@code SRB1}; the number of stores (int32); per store its name's
 *       length in bytes (uint16) and the name in UTF-8. A record names its store by its index in
 *       this list.
 *   <li>then one record of {@value #RECORD_BYTES} bytes per reading, hour by hour, then store by
 *       store (in the list's order), then sensor by sensor: the hour as hours since 1970-01-01T00:00
 *       (int32); the store's index (uint16); the sensor id (uint16); the visits (int32, 0 unless
 *       the status is OK); the flags (uint8): bits 0 and 1 the status's {@linkplain
 *       org.sensorsandmore.core.ReadingStatus#code() code}, bit 2 set for an anomaly, the others 0.
 * </ul>
 *
 * The body ends after its last record: a stream cut short ends before it, often within one.
 */
public final class ReadingBinaryFormat {
    /** The content type of a binary answer. */
    public static final String MEDIA_TYPE = "application/x-sensors-readings";

    /** The first bytes of a binary answer: the format and its version. */
    private static final byte[] MAGIC = {'S', 'R', 'B', '1'};

    /** The bytes that start every binary answer ({@link #hasMagic}). */
    public static final int MAGIC_BYTES = 4;

    /** The bytes of the header before the store names: the magic bytes and the store count. */
    public static final int HEADER_BYTES = 8;

    /** The bytes of one reading's record. */
    public static final int RECORD_BYTES = 13;

    /** The most stores an answer can name: a record holds a store's index in 16 bits. */
    public static final int MAX_STORES = 1 << 16;

    /** The largest sensor id a record holds. */
    public static final int MAX_SENSOR_ID = (1 << 16) - 1;

    /** The flag bit of an anomaly; the status's code is in the bits below it. */
    public static final int ANOMALY = 1 << 2;

    /** The bits of the status's code in the flags. */
    public static final int STATUS_BITS = ANOMALY - 1;

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private ReadingBinaryFormat() {}

    /** @return whether the {@link #MAGIC_BYTES} at {@code at} are the format's first: {@code SRB1} */
    public static boolean hasMagic(byte[] b, int at) {
        return Arrays.equals(b, at, at + MAGIC_BYTES, MAGIC, 0, MAGIC_BYTES);
    }

    /** @return the int32 at {@code at} */
    public static int int32(byte[] b, int at) {
        return (int) INTS.get(b, at);
    }

    /** @return the uint16 at {@code at} */
    public static int uint16(byte[] b, int at) {
        return Short.toUnsignedInt((short) SHORTS.get(b, at));
    }

    /**
     * Writes the header, then a record per reading of each batch it accepts, to a stream it leaves
     * open. Every store of a batch must be one of {@code storeNames}, by the same index (as the
     * batches of a generator over those stores are).
     *
     * @param out where the bytes go; an {@link IOException} of it surfaces as an {@link
     *     UncheckedIOException}, as {@link ReadingSink} declares no checked exception
     * @param storeNames the stores the records may name
     * @return the writer; {@link Writer#flush()} leaves every record in the stream
     * @throws IllegalArgumentException with more than {@link #MAX_STORES} stores, or a name longer
     *     than 65,535 bytes
     */
    public static Writer writer(OutputStream out, List<String> storeNames) {
        return new Writer(out, storeNames);
    }

    /** The sink {@link #writer} returns. Not thread-safe: one producer writes to it. */
    public static final class Writer implements ReadingSink {
        private static final int BLOCK_RECORDS = 4096;

        private final OutputStream out;
        private final int stores;
        private final byte[] block = new byte[BLOCK_RECORDS * RECORD_BYTES];
        private int used;

        private Writer(OutputStream out, List<String> storeNames) {
            if (storeNames.size() > MAX_STORES) {
                throw new IllegalArgumentException(
                        "The binary format names at most " + MAX_STORES + " stores, not " + storeNames.size());
            }
            this.out = out;
            this.stores = storeNames.size();
            byte[][] names = new byte[stores][];
            int bytes = HEADER_BYTES;
            for (int i = 0; i < stores; i++) {
                names[i] = storeNames.get(i).getBytes(StandardCharsets.UTF_8);
                if (names[i].length > 0xFFFF) {
                    throw new IllegalArgumentException("A store name of the binary format is at most 65,535 bytes");
                }
                bytes += Short.BYTES + names[i].length;
            }
            byte[] header = new byte[bytes];
            System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
            INTS.set(header, MAGIC.length, stores);
            int at = HEADER_BYTES;
            for (byte[] name : names) {
                SHORTS.set(header, at, (short) name.length);
                System.arraycopy(name, 0, header, at + Short.BYTES, name.length);
                at += Short.BYTES + name.length;
            }
            write(header, header.length);
        }

        /**
         * @throws IllegalArgumentException for a store index outside the list or a sensor id above
         *     {@link #MAX_SENSOR_ID}: nothing of the batch is written then
         */
        @Override
        public void accept(ReadingBatch batch) {
            int size = batch.size();
            for (int i = 0; i < size; i++) {
                int store = batch.storeIndex(i);
                int sensor = batch.sensorId(i);
                if (store < 0 || store >= stores || sensor < 0 || sensor > MAX_SENSOR_ID) {
                    throw new IllegalArgumentException("Row " + i + " (store index " + store + ", sensor " + sensor
                            + ") has no record in the binary format of " + stores + " stores");
                }
            }
            for (int i = 0; i < size; i++) {
                if (used == block.length) {
                    write(block, used);
                    used = 0;
                }
                INTS.set(block, used, batch.epochHour(i));
                SHORTS.set(block, used + 4, (short) batch.storeIndex(i));
                SHORTS.set(block, used + 6, (short) batch.sensorId(i));
                INTS.set(block, used + 8, batch.visits(i));
                block[used + 12] = (byte) (batch.status(i).code() | (batch.anomaly(i) ? ANOMALY : 0));
                used += RECORD_BYTES;
            }
            write(block, used);
            used = 0;
        }

        /** Flushes the stream. */
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void write(byte[] bytes, int length) {
            try {
                out.write(bytes, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
