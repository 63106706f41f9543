/**
 * The JMH suite: one subject per benchmark class, and the abstract bases that hold the settings a
 * few of them share. What they share but do not measure is in {@code support}.
 */
package org.sensorsandmore.benchmarks;
