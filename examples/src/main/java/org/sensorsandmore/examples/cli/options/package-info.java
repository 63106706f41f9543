/**
 * The options that several {@code sensors} commands share, as picocli mixins ({@code --db},
 * {@code --model}/{@code --seed}, {@code --stores}/{@code --fleet}, {@code --max-readings}, the alert
 * options…), and the converters of the command line's own argument forms (hours, periods).
 */
package org.sensorsandmore.examples.cli.options;
