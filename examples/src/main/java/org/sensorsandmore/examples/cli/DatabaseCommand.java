package org.sensorsandmore.examples.cli;

/**
 * Marks a command that opens a DuckDB database: {@link SensorsCli} starts loading DuckDB for it
 * while picocli reads the command's options.
 */
interface DatabaseCommand {}
