package org.sensorsandmore.core.model;

/**
 * Standard normal variates from 32 random bits, by a tabulated inverse CDF: no logarithm, square
 * root or cosine per value, so the bulk path stays at a few nanoseconds a reading.
 *
 * <p>The top {@value #CELL_BITS} bits pick one of {@value #CELLS} equally likely cells; the next
 * {@value #FRACTION_BITS} bits interpolate linearly between the cell's knots, which are the normal
 * quantiles {@code Φ⁻¹(i / CELLS)}. The two tail cells, whose outer quantile is infinite, end at
 * the value that keeps each tail's conditional mean. The table is then scaled so that the
 * distribution it describes has mean 0 and variance exactly 1; it is symmetric, and bounded by about
 * ±3.9 (a sample of a billion normal values would exceed that a hundred thousand times; here none
 * does, which is what a counter of people wants).
 *
 * <p>The knots are computed once with {@link StrictMath}, so every JVM builds the same table.
 */
final class NormalTable {
    /** Bits that choose the cell. */
    static final int CELL_BITS = 12;

    /** Number of equally likely cells. */
    static final int CELLS = 1 << CELL_BITS;

    /** Bits that interpolate within a cell. */
    static final int FRACTION_BITS = 20;

    private static final double[] KNOTS = new double[CELLS + 1];
    private static final double[] SLOPES = new double[CELLS];

    static {
        // Build one half and mirror it, so the table is exactly symmetric (mean exactly 0).
        int half = CELLS / 2;
        for (int i = 1; i < half; i++) {
            KNOTS[i] = inverseCdf((double) i / CELLS);
            KNOTS[CELLS - i] = -KNOTS[i];
        }
        KNOTS[half] = 0;
        // The tail cell [0, 1/CELLS) has conditional mean -CELLS * φ(q1); a linear cell from a0 to q1
        // has mean (a0 + q1) / 2.
        double q1 = KNOTS[1];
        double tailMean = -CELLS * StrictMath.exp(-q1 * q1 / 2) / StrictMath.sqrt(2 * StrictMath.PI);
        KNOTS[0] = 2 * tailMean - q1;
        KNOTS[CELLS] = -KNOTS[0];
        // Variance of the piecewise-uniform mixture: each cell contributes (a² + ab + b²) / 3.
        double sum = 0;
        for (int i = 0; i < CELLS; i++) {
            double a = KNOTS[i];
            double b = KNOTS[i + 1];
            sum += (a * a + a * b + b * b) / 3;
        }
        double scale = 1 / StrictMath.sqrt(sum / CELLS);
        for (int i = 0; i <= CELLS; i++) {
            KNOTS[i] *= scale;
        }
        for (int i = 0; i < CELLS; i++) {
            SLOPES[i] = KNOTS[i + 1] - KNOTS[i];
        }
    }

    private NormalTable() {}

    /**
     * @param bits random bits; only the top 32 are used
     * @return a standard normal variate (mean 0, variance 1, within ±{@link #max()})
     */
    static double z(long bits) {
        int cell = (int) (bits >>> (64 - CELL_BITS));
        double fraction = ((bits >>> (64 - CELL_BITS - FRACTION_BITS)) & ((1 << FRACTION_BITS) - 1))
                * (1.0 / (1 << FRACTION_BITS));
        return KNOTS[cell] + SLOPES[cell] * fraction;
    }

    /** @return the largest value {@link #z} returns */
    static double max() {
        return KNOTS[CELLS];
    }

    /**
     * The standard normal quantile by Acklam's rational approximation (relative error below
     * 1.2e-9), ample for the knots of a table.
     *
     * @param p a probability in (0, 1)
     * @return {@code Φ⁻¹(p)}
     */
    static double inverseCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must lie in (0, 1), not " + p);
        }
        final double low = 0.02425;
        if (p < low) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return tail(q);
        }
        if (p > 1 - low) {
            double q = StrictMath.sqrt(-2 * StrictMath.log1p(-p));
            return -tail(q);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                                                        + 1.383577518672690e+02)
                                                * r
                                        - 3.066479806614716e+01)
                                * r
                        + 2.506628277459239e+00)
                * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                                                        + 6.680131188771972e+01)
                                                * r
                                        - 1.328068155288572e+01)
                                * r
                        + 1);
    }

    private static double tail(double q) {
        return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                                                        - 2.549732539343734e+00)
                                                * q
                                        + 4.374664141464968e+00)
                                * q
                        + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                                        + 3.754408661907416e+00)
                                * q
                        + 1);
    }
}
