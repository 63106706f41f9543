package org.sensorsandmore.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the benchmarks of a dashboard's queries over the fleet's warehouse are measured, in one place:
 * sampled times in milliseconds (so the percentiles show), 5-second iterations, one fork with a
 * 1 GB heap and the opening DuckDB's Arrow reads need. A subclass holds the subject; JMH inherits
 * these annotations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public abstract class SampledQueryBenchmark {}
