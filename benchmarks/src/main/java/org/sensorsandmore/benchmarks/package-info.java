/** The JMH suite. */
package org.sensorsandmore.benchmarks;
