package org.sensorsandmore.examples.cli.terminal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT, SIGTERM) does to a command that runs until stopped: a shutdown hook asks the
 * command to stop, then holds the JVM until the command has closed what it opened (or a grace
 * period has passed), so that a run in progress ends cleanly and the database is closed.
 *
 * <pre>
 * CtrlC ctrlC = CtrlC.install("sensors-demo-stop", Duration.ofMinutes(2), stop::countDown);
 * try (ctrlC; Warehouse warehouse = Warehouse.open(db)) {
 *     stop.await();
 * } // closed last: the hook, if it runs, returns now
 * </pre>
 *
 * <p>Thread-safe: the hook runs on a thread of its own.
 */
public final class CtrlC implements AutoCloseable {
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private CtrlC(String threadName, Duration grace, Runnable stop) {
        this.hook = new Thread(
                () -> {
                    stop.run();
                    try {
                        closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                threadName);
    }

    /**
     * @param threadName the hook thread's name
     * @param grace how long the hook waits for the command to close
     * @param stop asks the command to stop; runs on the hook's thread
     * @return the installed hook; {@link #close() closing} it says the command is done
     */
    public static CtrlC install(String threadName, Duration grace, Runnable stop) {
        CtrlC ctrlC = new CtrlC(threadName, grace, stop);
        Runtime.getRuntime().addShutdownHook(ctrlC.hook);
        return ctrlC;
    }

    /**
     * @param install whether to install the hook (tests stop the command themselves)
     * @param threadName the hook thread's name
     * @param grace how long the hook waits for the command to close
     * @param stop asks the command to stop
     * @return the installed hook, or one that was never installed
     */
    public static CtrlC installIf(boolean install, String threadName, Duration grace, Runnable stop) {
        return install ? install(threadName, grace, stop) : new CtrlC(threadName, grace, stop);
    }

    /** The command is done: a hook that is running returns, one that is not is removed. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running and returns now that we are done.
        }
    }
}
