package org.sensorsandmore.core.model;

import java.nio.charset.StandardCharsets;

/**
 * SplitMix64 as a counter-based generator: a random number is a pure function of a key and a
 * counter, so any value can be computed without the ones before it, on any thread.
 *
 * <p>{@link #at(long, long)} is exactly the SplitMix64 output for state {@code key + counter *
 * GAMMA}; keys are themselves mixes of (seed, store, stream, sensor), so two sensors' series are
 * unrelated. (Formally two SplitMix64 keys are offsets of one cycle of length 2^64, but the offset
 * is itself a random 64-bit number: the chance that two series overlap within a few thousand years
 * of hours is about 1e-13.)
 */
final class Mix {
    /** SplitMix64's increment: the odd integer closest to 2^64 divided by the golden ratio. */
    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Mix() {}

    /**
     * SplitMix64's finaliser (Stafford's variant 13): a bijection on 64 bits with full avalanche.
     *
     * @param z any value
     * @return its mix
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * @param key a key from {@link #combine}
     * @param counter the position in the key's stream (an epoch hour, a block number, a sensor id)
     * @return the counter-th random number of the key's stream
     */
    static long at(long key, long counter) {
        return mix(key + counter * GOLDEN_GAMMA);
    }

    /**
     * Derives a key from a parent key and one more coordinate. Used when building keys, not in hot
     * loops; mixing the coordinate first keeps small, close coordinates (0, 1, 2…) far apart.
     *
     * @param key the parent key
     * @param value the coordinate
     * @return the child key
     */
    static long combine(long key, long value) {
        return mix((key ^ mix(value + GOLDEN_GAMMA)) + GOLDEN_GAMMA);
    }

    /**
     * FNV-1a (64 bits) over the UTF-8 bytes of a text. {@code String.hashCode} would be stable too
     * (its formula is specified), but it has only 32 bits and is Java's own; FNV-1a over UTF-8 is
     * reproduced in a few lines in any language, so another implementation can match our series.
     *
     * @param text the text
     * @return its hash
     */
    static long fnv1a64(String text) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /**
     * @param bits random bits
     * @return a uniform double in [0, 1) from the top 53 bits
     */
    static double uniform(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
