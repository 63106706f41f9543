package org.sensorsandmore.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Expected values come from numpy 2.4.6 on this project's build machine, e.g.
 * {@code python3 -c "import numpy as np; print(np.random.RandomState(5489).randint(0, 2**32, 5,
 * dtype=np.uint64))"} for raw outputs, {@code random_sample(3)} and {@code standard_normal(4)} for
 * doubles; Python's {@code repr} of a float round-trips exactly through {@link Double#parseDouble}.
 */
class Mt19937Test {

    private static long[] rawOutputs(long seed, int count) {
        Mt19937 random = new Mt19937(seed);
        long[] outputs = new long[count];
        for (int i = 0; i < count; i++) {
            outputs[i] = Integer.toUnsignedLong(random.nextInt());
        }
        return outputs;
    }

    @Test
    void defaultSeedGivesTheReferenceSequence() {
        assertThat(rawOutputs(5489, 5)).containsExactly(3499211612L, 581869302L, 3890346734L, 3586334585L, 545404204L);
    }

    @Test
    void extremeSeedsMatchNumpy() {
        assertThat(rawOutputs(0, 3)).containsExactly(2357136044L, 2546248239L, 3071714933L);
        assertThat(rawOutputs(0xFFFF_FFFFL, 3)).containsExactly(419326371L, 479346978L, 3918654476L);
    }

    @Test
    void lazyTwistMatchesNumpyAcrossRounds() {
        // Outputs 622..626 cross the end of the first twist, 1246..1249 the end of the second.
        long[] outputs = rawOutputs(1, 1250);
        assertThat(Arrays.copyOfRange(outputs, 622, 627))
                .containsExactly(3906854836L, 2006116153L, 1104314680L, 939235918L, 476274519L);
        assertThat(Arrays.copyOfRange(outputs, 1246, 1250))
                .containsExactly(2765510728L, 1926754611L, 3239719367L, 3879348080L);
    }

    @Test
    void randomSampleMatchesNumpyExactly() {
        Mt19937 random = new Mt19937(1_470_000);
        assertThat(new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()})
                .containsExactly(0.07480837256739215, 0.14911108028735975, 0.47182635615673973);
        random.seed(1_476_543);
        assertThat(new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()})
                .containsExactly(0.543073865292777, 0.6143599061015551, 0.4737205038881529);
    }

    @Test
    void gaussianMatchesNumpyToTheLastBits() {
        // StrictMath.log (reproducible on every JVM) and the C library's log may differ in the last
        // ulp, which can move a gaussian by a few ulps; the counts built from it do not change.
        Mt19937 random = new Mt19937(42);
        double[] expected = {0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254};
        for (double value : expected) {
            assertThat(random.nextGaussian()).isCloseTo(value, within(4 * Math.ulp(value)));
        }
    }

    @Test
    void reseedingClearsTheCachedGaussian() {
        Mt19937 random = new Mt19937(42);
        double first = random.nextGaussian();
        random.seed(42);
        assertThat(random.nextGaussian()).isEqualTo(first);
        random.seed(42);
        assertThat(random.nextDouble()).isEqualTo(0.3745401188473625);
    }

    @Test
    void seedOutsideThirtyTwoBitsIsRejected() {
        assertThatThrownBy(() -> new Mt19937(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new Mt19937(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }
}
