package org.sensorsandmore.sql.storage;

import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;

/**
 * Bulk copies between Java arrays and Arrow vectors, for the code that hands rows to DuckDB or
 * reads them from it as Arrow: setting or getting a vector's values one by one costs a bounds
 * check each, a copy through an NIO view of its buffer costs one per call. Validity is Arrow's
 * bit layout: bit {@code i % 64} of word {@code i / 64}, little-endian. Internal, not API.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ArrowVectors {
    private ArrowVectors() {}

    /**
     * Allocates a vector for {@code count} values and copies them in.
     *
     * @param from the first value, within {@code values}
     */
    public static void fill(IntVector vector, int[] values, int from, int count) {
        vector.allocateNew(count);
        ints(vector.getDataBuffer(), count).put(values, from, count);
    }

    /**
     * Allocates a vector for {@code count} values and copies them in.
     *
     * @param from the first value, within {@code values}
     */
    public static void fill(BigIntVector vector, long[] values, int from, int count) {
        vector.allocateNew(count);
        longs(vector.getDataBuffer(), count).put(values, from, count);
    }

    /**
     * Sets the validity of an allocated vector's first {@code count} values from bit words.
     *
     * @param fromWord the first word, within {@code words}: values start on a whole word
     */
    public static void validity(BaseFixedWidthVector vector, long[] words, int fromWord, int count) {
        int wordCount = (count + 63) >>> 6;
        longs(vector.getValidityBuffer(), wordCount).put(words, fromWord, wordCount);
    }

    /** Marks an allocated vector's first {@code count} values valid (not NULL). */
    public static void allValid(BaseFixedWidthVector vector, int count) {
        vector.getValidityBuffer().setOne(0, (count + 7) >>> 3);
    }

    /**
     * Copies a vector's values into an array.
     *
     * @return {@code into}
     */
    public static int[] read(IntVector vector, int[] into) {
        int count = vector.getValueCount();
        ints(vector.getDataBuffer(), count).get(into, 0, count);
        return into;
    }

    /** A buffer's first {@code count} ints. */
    public static IntBuffer ints(ArrowBuf buffer, int count) {
        return buffer.nioBuffer(0, count * Integer.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer();
    }

    /** A buffer's first {@code count} longs. */
    public static LongBuffer longs(ArrowBuf buffer, int count) {
        return buffer.nioBuffer(0, count * Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asLongBuffer();
    }
}
