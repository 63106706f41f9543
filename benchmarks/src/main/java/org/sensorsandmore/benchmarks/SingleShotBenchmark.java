package org.sensorsandmore.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * How the benchmarks of long warehouse operations (seconds each) are measured, in one place: each
 * invocation timed once, in milliseconds, in one fork with a 1 GB heap and the opening DuckDB's
 * Arrow reads need. A subclass holds the subject and its iterations; JMH inherits these annotations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public abstract class SingleShotBenchmark {}
