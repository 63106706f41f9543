/**
 * What the benchmarks of {@link org.sensorsandmore.benchmarks} share but do not measure: the
 * loopback client API ({@link org.sensorsandmore.benchmarks.support.ClassicApi}), the cached
 * warehouse files of a simulated fleet ({@link org.sensorsandmore.benchmarks.support.FleetYear})
 * and the two ways a dashboard reads them ({@link org.sensorsandmore.benchmarks.support.FleetSource}),
 * and a scratch folder deleted at tear-down ({@link org.sensorsandmore.benchmarks.support.ScratchFolder}).
 *
 * <p>None of these is a JMH benchmark, so {@code benchmarks.jar -l} lists none of them; they live
 * apart so that the suite's package holds the benchmarks and the settings they share.
 */
package org.sensorsandmore.benchmarks.support;
