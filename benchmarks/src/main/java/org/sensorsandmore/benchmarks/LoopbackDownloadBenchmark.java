package org.sensorsandmore.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the downloads from {@link org.sensorsandmore.benchmarks.support.ClassicApi} through the
 * JDK's HTTP client are measured, in one place: 2 × 3 s of warm-up, 5 × 3 s measured, one fork whose client reads with 128 KB buffers
 * ({@code jdk.httpclient.bufsize}, as {@code sensors download} sets it). A subclass holds the
 * subject and its mode; JMH inherits these annotations.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Djdk.httpclient.bufsize=131072")
public abstract class LoopbackDownloadBenchmark {}
