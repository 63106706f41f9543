package org.sensorsandmore.core.text;

/** How a failure is told in one line: a terminal's error line, a log line, the run log's error. */
public final class Messages {
    private Messages() {}

    /**
     * @param failure what went wrong
     * @return its message, or the first of its causes' when it has none (a wrapper), or its type's
     *     name when none has one; line breaks become spaces
     */
    public static String oneLine(Throwable failure) {
        Throwable shown = failure;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
