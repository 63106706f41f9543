package org.sensorsandmore.examples.cli.terminal;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn at most ten times a second; silent when
 * standard error is not a terminal (or when asked), so pipes and logs stay clean.
 */
public final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean enabled;
    private final long total;
    private final String unit;
    private final long started = System.nanoTime();
    private long done;
    private long lastDraw;

    public Progress(PrintStream err, boolean enabled, long total, String unit) {
        this.err = err;
        this.enabled = enabled;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    /**
     * @return whether the JVM runs attached to a terminal: before JDK 22 that is a non-null console;
     *     from JDK 22 the console is never null and {@code Console.isTerminal()} tells
     */
    @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is asked where it exists
    public static boolean terminalAttached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17 to 21: a console exists only with a terminal
        }
    }

    public void advance(long count) {
        done += count;
        long now = System.nanoTime();
        if (enabled && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        double share = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        err.printf(
                Locale.ROOT,
                "\r[%s%s] %3.0f%% %,d %s (%.1f M/s)",
                "#".repeat(filled),
                " ".repeat(WIDTH - filled),
                share * 100,
                done,
                unit,
                done / seconds / 1e6);
        err.flush();
    }

    @Override
    public void close() {
        if (enabled) {
            draw(System.nanoTime());
            err.println();
        }
    }
}
