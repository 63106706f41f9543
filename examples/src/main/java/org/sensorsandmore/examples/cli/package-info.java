/**
 * The {@code sensors} command line: one picocli subcommand per job. Errors the user can fix print
 * one line and exit with code 2; other failures print one line and exit with code 1; no stack trace
 * reaches the terminal unless {@code SENSORS_DEBUG=1}.
 */
package org.sensorsandmore.examples.cli;
