package org.sensorsandmore.core.model;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The random draws of the classic model, by seed, computed once and shared.
 *
 * <p>The original re-seeds its generator for every reading, so everything random about a reading
 * is a function of the seed alone: the failure draw {@code u}, the kept gaussian {@code g} and the
 * anomaly draw {@code w}. Many readings share a seed (the seed of sensor {@code k + 1} is that of
 * sensor {@code k} an hour later, and the same holds for the next day), so the draws are kept in
 * blocks of {@value #BLOCK_SIZE} consecutive seeds.
 *
 * <p>The table is direct-mapped: block {@code b} lives in slot {@code b mod }{@value #SLOTS} and
 * replaces whatever other block was there. Its memory is thus bounded (at most about 24 MB), and
 * any range of about a million consecutive seeds, some 2,800 years of dates, fits without
 * collisions. Blocks are immutable and published through an {@link AtomicReferenceArray}; two
 * threads that miss the same block at once both compute it, which is harmless since it is a pure
 * function of its index.
 *
 * <p>This class is thread-safe.
 */
final class ClassicDraws {
    static final int BLOCK_BITS = 10;
    static final int BLOCK_SIZE = 1 << BLOCK_BITS;
    static final int SLOTS = 1 << 10;

    private static final ClassicDraws SHARED = new ClassicDraws();

    private final AtomicReferenceArray<Block> slots = new AtomicReferenceArray<>(SLOTS);

    /** @return the table every {@link ClassicModel} shares */
    static ClassicDraws shared() {
        return SHARED;
    }

    /**
     * @param seed a seed in {@code [0, 2^32 - 1]}
     * @return the block holding the draws of that seed
     */
    Block block(long seed) {
        long index = seed >>> BLOCK_BITS;
        int slot = (int) (index & (SLOTS - 1));
        Block block = slots.get(slot);
        if (block == null || block.index != index) {
            block = new Block(index);
            slots.set(slot, block);
        }
        return block;
    }

    /** The draws of {@value #BLOCK_SIZE} consecutive seeds; immutable once built. */
    static final class Block {
        final long index;
        final long firstSeed;
        /** The first {@code random()}: the sensor failed when it is at most the failure probability. */
        final double[] failure = new double[BLOCK_SIZE];
        /** The second {@code standard_normal()}, the one the original keeps. */
        final double[] gaussian = new double[BLOCK_SIZE];
        /** The {@code random()} after the gaussians: an anomaly when below the anomaly probability. */
        final double[] anomaly = new double[BLOCK_SIZE];

        Block(long index) {
            this.index = index;
            this.firstSeed = index << BLOCK_BITS;
            Mt19937 random = new Mt19937(firstSeed);
            for (int j = 0; j < BLOCK_SIZE; j++) {
                random.seed(firstSeed + j);
                failure[j] = random.nextDouble();
                // The original calls normal() twice and keeps the second value.
                random.nextGaussian();
                gaussian[j] = random.nextGaussian();
                anomaly[j] = random.nextDouble();
            }
        }
    }
}
