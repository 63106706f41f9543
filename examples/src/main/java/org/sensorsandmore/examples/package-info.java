/** Example programs and the {@code sensors} command line. */
package org.sensorsandmore.examples;
