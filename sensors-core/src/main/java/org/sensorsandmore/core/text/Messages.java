package org.sensorsandmore.core.text;

/** How a failure is told in one line: a terminal's error line, a log line, the run log's error. */
public final class Messages {
    private Messages() {}

    /**
     * @param failure what went wrong
     * @return its message, or the first of its causes' when it is a wrapper ({@link #told}), or its
     *     type's name when none has one; line breaks become spaces
     */
    public static String oneLine(Throwable failure) {
        Throwable shown = told(failure);
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * The failure whose message tells what went wrong: the failure itself, or, past each wrapper,
     * its cause. A wrapper has no message, or only its cause's type and message, as Java gives one
     * made of its cause alone ({@code new UncheckedIOException(e)}): a type a user should not read.
     *
     * @param failure what went wrong
     * @return it, or the first cause down its chain that is not a wrapper
     */
    public static Throwable told(Throwable failure) {
        Throwable shown = failure;
        while (shown.getCause() != null
                && (shown.getMessage() == null
                        || shown.getMessage().equals(shown.getCause().toString()))) {
            shown = shown.getCause();
        }
        return shown;
    }
}
