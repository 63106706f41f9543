package org.sensorsandmore.core.model;

/**
 * The part of numpy's legacy {@code RandomState} the classic model needs: the MT19937 generator
 * seeded with {@code init_genrand(seed)}, {@code random_sample()} and the legacy polar Box–Muller
 * {@code gauss}, with the same outputs bit for bit.
 *
 * <p>It is lazy, which is exactly equivalent to the reference algorithm: seeding writes only the
 * first state word, and the words of {@code init_genrand} and the twist are computed as outputs
 * need them. The reference twist updates the state in place in index order, so twisting word
 * {@code i} just before output {@code i} reads the same values it would. A classic reading takes
 * about a dozen outputs, so most of the 624 words are never computed; this is what makes
 * re-seeding for every reading affordable.
 *
 * <p>This class is mutable and not thread-safe.
 */
final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    /** The largest seed {@code init_genrand} takes; numpy rejects larger ones. */
    static final long MAX_SEED = 0xFFFF_FFFFL;

    private final int[] state = new int[N];
    /** Words {@code 0 .. initialized-1} hold their {@code init_genrand} value (or were twisted). */
    private int initialized;
    /** The index of the next output; words before it have been twisted in the current round. */
    private int position;
    /** Whether the first twist round is running, whose words may not be initialized yet. */
    private boolean firstRound;

    private boolean hasGauss;
    private double gauss;

    /**
     * @param seed the seed, in {@code [0, 2^32 - 1]}
     */
    Mt19937(long seed) {
        seed(seed);
    }

    /**
     * Re-seeds as numpy's {@code RandomState.seed(int)}: {@code init_genrand}, and the gaussian cache
     * is cleared.
     *
     * @param seed the seed, in {@code [0, 2^32 - 1]}
     */
    void seed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("An MT19937 seed must lie in [0, " + MAX_SEED + "], not " + seed);
        }
        state[0] = (int) seed;
        initialized = 1;
        position = 0;
        firstRound = true;
        hasGauss = false;
        gauss = 0;
    }

    /** @return the next 32-bit output (read it unsigned with {@link Integer#toUnsignedLong}) */
    int nextInt() {
        if (position == N) {
            position = 0;
            firstRound = false;
        }
        int i = position++;
        if (firstRound) {
            // Twisting word i reads words i + 1 and i + M (mod N); past N - M, the latter were
            // twisted already, but word i + 1 then needs every word initialized.
            initializeThrough(Math.min(i + M, N - 1));
        }
        int next = i + 1 == N ? 0 : i + 1;
        int far = i + M < N ? i + M : i + M - N;
        int y = (state[i] & UPPER_MASK) | (state[next] & LOWER_MASK);
        state[i] = state[far] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        return temper(state[i]);
    }

    /**
     * @return numpy's legacy {@code random_sample()}: a double in {@code [0, 1)} from 53 bits of two
     *     outputs
     */
    double nextDouble() {
        int a = nextInt() >>> 5;
        int b = nextInt() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * numpy's {@code legacy_gauss}: the polar Box–Muller method, which makes two values from one
     * accepted pair and returns the second one at the next call without drawing.
     *
     * @return a standard normal value
     */
    double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            double cached = gauss;
            gauss = 0;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        // Same operations in the same order as the C code: -2.0 * log(r2) first, then / r2.
        // StrictMath, not the C library's log, so every JVM gives the same value; the two may
        // differ in the last bit (see ClassicModel).
        double f = StrictMath.sqrt(-2.0 * StrictMath.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    private void initializeThrough(int last) {
        for (int p = initialized; p <= last; p++) {
            int previous = state[p - 1];
            state[p] = 1812433253 * (previous ^ (previous >>> 30)) + p;
        }
        if (last >= initialized) {
            initialized = last + 1;
        }
    }

    private static int temper(int word) {
        int y = word;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }
}
