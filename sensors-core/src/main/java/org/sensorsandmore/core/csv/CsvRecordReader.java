package org.sensorsandmore.core.csv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits CSV text into records and cells as RFC 4180 says, keeping each record's raw text and the
 * physical line it starts on, and surviving broken quoting.
 *
 * <p>Lines end with {@code \n}, {@code \r\n} or {@code \r}. A cell that starts with a double quote
 * runs to the matching quote ({@code ""} inside stands for one quote) and may hold commas and line
 * breaks; a quote inside an unquoted cell is an ordinary character. Empty lines are skipped. A
 * record is malformed (it has an {@link #error()} and no cells) when text follows a closing quote,
 * when a line is longer than the limit, or when a quote is not closed within the limit or before the
 * end: then only its first line is the record, and the lines after it are read again as records of
 * their own, so one stray quote costs one row, not the rest of the file.
 *
 * <p>The common case, a line without quotes, is split in place: a record costs one string.
 *
 * <p>This class is mutable and not thread-safe.
 */
final class CsvRecordReader {
    private static final int START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE = 3;

    private static final int MAX_CELLS = 8;

    private record Line(long number, String content, String terminator, boolean truncated) {}

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private long nextLineNumber = 1;
    private final Deque<Line> pushedBack = new ArrayDeque<>();

    private long lineNumber;
    private String text = "";
    private String error;
    private String cellSource = "";
    private final int[] starts = new int[MAX_CELLS];
    private final int[] ends = new int[MAX_CELLS];
    private int cellCount;

    CsvRecordReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** @return the physical line the current record starts on, from 1 */
    long lineNumber() {
        return lineNumber;
    }

    /** @return the current record as it stands in the input, without its final line break */
    String text() {
        return text;
    }

    /** @return why the current record could not be split into cells; null when it could */
    String error() {
        return error;
    }

    /** @return the number of cells of the current record */
    int cellCount() {
        return cellCount;
    }

    /** @return the string that {@link #start} and {@link #end} index into, for cells below {@value #MAX_CELLS} */
    String source() {
        return cellSource;
    }

    int start(int cell) {
        return starts[cell];
    }

    int end(int cell) {
        return ends[cell];
    }

    /** @return cell {@code i}'s value */
    String cell(int i) {
        return cellSource.substring(starts[i], ends[i]);
    }

    /** @return the cells, for cells below {@value #MAX_CELLS} */
    List<String> cells() {
        List<String> cells = new ArrayList<>(cellCount);
        for (int i = 0; i < Math.min(cellCount, MAX_CELLS); i++) {
            cells.add(cell(i));
        }
        return cells;
    }

    /**
     * Moves to the next record, skipping empty lines.
     *
     * @return false at the end of the input
     */
    boolean next() throws IOException {
        Line first;
        do {
            first = nextLine();
            if (first == null) {
                return false;
            }
        } while (first.content.isEmpty() && !first.truncated);
        lineNumber = first.number;
        error = null;
        cellCount = 0;
        if (first.truncated) {
            return malformed(first.content, "the line is longer than " + maxChars + " characters");
        }
        String content = first.content;
        if (content.indexOf('"') < 0) {
            text = content;
            splitPlain(content);
            return true;
        }
        int state = scan(content, START);
        if (state != QUOTED) {
            text = content;
            splitQuoted(content);
            return true;
        }
        // A quoted cell goes on past the line break: gather lines until the quote closes.
        StringBuilder record = new StringBuilder(content);
        List<Line> more = new ArrayList<>();
        Line last = first;
        while (state == QUOTED) {
            Line line = last.terminator.isEmpty() ? null : nextLine();
            if (line == null || line.truncated || record.length() + line.content.length() > maxChars) {
                if (line != null) {
                    more.add(line);
                }
                for (int i = more.size() - 1; i >= 0; i--) {
                    pushedBack.addFirst(more.get(i));
                }
                return malformed(
                        content,
                        line == null
                                ? "a quote opened in this line is never closed"
                                : "a quote opened in this line is not closed within " + maxChars + " characters");
            }
            record.append(last.terminator).append(line.content);
            more.add(line);
            state = scan(line.content, state);
            last = line;
        }
        text = record.toString();
        splitQuoted(text);
        return true;
    }

    private boolean malformed(String firstLine, String why) {
        text = firstLine;
        error = why;
        cellCount = 0;
        cellSource = "";
        return true;
    }

    private static int scan(String s, int initial) {
        int state = initial;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            state = switch (state) {
                case START -> c == '"' ? QUOTED : c == ',' ? START : UNQUOTED;
                case UNQUOTED -> c == ',' ? START : UNQUOTED;
                case QUOTED -> c == '"' ? QUOTE : QUOTED;
                default -> c == '"' ? QUOTED : c == ',' ? START : UNQUOTED; // QUOTE: escaped, closed or stray text
            };
        }
        return state;
    }

    private void splitPlain(String line) {
        cellSource = line;
        int from = 0;
        while (true) {
            int comma = line.indexOf(',', from);
            int end = comma < 0 ? line.length() : comma;
            addCell(from, end);
            if (comma < 0) {
                return;
            }
            from = comma + 1;
        }
    }

    /** Splits a complete record that holds quotes, unescaping its quoted cells into a new string. */
    private void splitQuoted(String record) {
        StringBuilder values = new StringBuilder(record.length());
        int state = START;
        int cellStart = 0;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            switch (state) {
                case START -> {
                    if (c == '"') {
                        state = QUOTED;
                    } else if (c == ',') {
                        addCell(cellStart, values.length());
                        cellStart = values.length();
                    } else {
                        values.append(c);
                        state = UNQUOTED;
                    }
                }
                case UNQUOTED -> {
                    if (c == ',') {
                        addCell(cellStart, values.length());
                        cellStart = values.length();
                        state = START;
                    } else {
                        values.append(c);
                    }
                }
                case QUOTED -> {
                    if (c == '"') {
                        state = QUOTE;
                    } else {
                        values.append(c);
                    }
                }
                default -> { // QUOTE
                    if (c == '"') {
                        values.append('"');
                        state = QUOTED;
                    } else if (c == ',') {
                        addCell(cellStart, values.length());
                        cellStart = values.length();
                        state = START;
                    } else {
                        malformed(record, "text follows the closing quote of cell " + (cellCount + 1));
                        text = record;
                        return;
                    }
                }
            }
        }
        addCell(cellStart, values.length());
        cellSource = values.toString();
    }

    private void addCell(int start, int end) {
        if (cellCount < MAX_CELLS) {
            starts[cellCount] = start;
            ends[cellCount] = end;
        }
        cellCount++;
    }

    private Line nextLine() throws IOException {
        Line line = pushedBack.pollFirst();
        return line != null ? line : readLine();
    }

    /** Reads one physical line; beyond {@code maxChars} characters the rest of the line is dropped. */
    private Line readLine() throws IOException {
        StringBuilder longLine = null;
        boolean truncated = false;
        while (true) {
            if (position == limit && !fill()) {
                if (longLine == null) {
                    return null;
                }
                return new Line(nextLineNumber++, longLine.toString(), "", truncated);
            }
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
                end++;
            }
            if (end < limit) {
                char breakChar = buffer[end];
                position = end + 1;
                String content;
                if (longLine == null) {
                    content = new String(buffer, start, Math.min(end - start, maxChars));
                    truncated = end - start > maxChars;
                } else {
                    truncated |= append(longLine, start, end);
                    content = longLine.toString();
                }
                String terminator = "\n";
                if (breakChar == '\r') {
                    terminator = "\r";
                    if ((position < limit || fill()) && buffer[position] == '\n') {
                        position++;
                        terminator = "\r\n";
                    }
                }
                return new Line(nextLineNumber++, content, terminator, truncated);
            }
            if (longLine == null) {
                longLine = new StringBuilder(Math.max(16, 2 * (end - start)));
            }
            truncated |= append(longLine, start, end);
            position = end;
        }
    }

    /** @return whether characters were dropped to keep the line within {@code maxChars} */
    private boolean append(StringBuilder line, int start, int end) {
        int room = maxChars - line.length();
        line.append(buffer, start, Math.max(0, Math.min(end - start, room)));
        return end - start > room;
    }

    /** Refills the buffer when it is used up. @return false at the end of the input */
    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int read;
        try {
            do {
                read = in.read(buffer, 0, buffer.length);
            } while (read == 0);
        } catch (CharacterCodingException e) {
            throw new IOException("undecodable text (is it UTF-8?) near line " + nextLineNumber + ": " + e, e);
        }
        if (read < 0) {
            endOfInput = true;
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
