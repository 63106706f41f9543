package org.sensorsandmore.core.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/** Waits for the tasks the library submits to its own thread pools. */
public final class Futures {
    private Futures() {}

    /**
     * Waits for a task's result. Its unchecked failure is thrown as it was, so that the caller sees
     * what the task saw; an interruption keeps the thread's flag.
     *
     * @param future the task
     * @param interrupted the message of an interruption ("Interrupted while generating readings")
     * @param failed the message of a checked failure, which its cause follows ("Generating readings
     *     failed")
     * @param exception makes the exception thrown for either, from its message and cause ({@code
     *     SensorsException::new})
     * @param <T> the result's type
     * @return the task's result
     */
    public static <T> T await(
            Future<T> future,
            String interrupted,
            String failed,
            BiFunction<String, Throwable, ? extends RuntimeException> exception) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw exception.apply(interrupted, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw exception.apply(failed + ": " + cause, cause);
        }
    }
}
