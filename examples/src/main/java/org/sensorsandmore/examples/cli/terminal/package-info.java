/** What the {@code sensors} commands do at the terminal: a progress bar on standard error, Ctrl-C handling. */
package org.sensorsandmore.examples.cli.terminal;
