package org.sensorsandmore.http.dashboard;

/**
 * How values look in every output (JSON, CSV and so the page's table), so the three agree exactly.
 */
final class Cells {
    private Cells() {}

    /**
     * A decimal rounded to hundredths, shortest form ({@code 12}, {@code 12.5}, {@code -3.25}); null
     * for null, NaN or infinity. Baselines and percentages need no more precision and the table can
     * show the exact string the CSV holds.
     */
    static String hundredths(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        long cents = Math.round(value * 100);
        StringBuilder out = new StringBuilder(16);
        if (cents < 0) {
            out.append('-');
            cents = -cents;
        }
        out.append(cents / 100);
        long fraction = cents % 100;
        if (fraction != 0) {
            out.append('.');
            if (fraction % 10 == 0) {
                out.append(fraction / 10);
            } else {
                out.append(fraction < 10 ? "0" : "").append(fraction);
            }
        }
        return out.toString();
    }

    /**
     * One CSV cell (RFC 4180), made safe for spreadsheets: a cell that starts with {@code =},
     * {@code +}, {@code -} or {@code @} (or a tab or carriage return, which some spreadsheets skip
     * before a formula) gets a leading {@code '} so it is read as text, never as a formula. Numbers
     * we write ourselves (a negative {@code pct_diff}) go through {@link #csvNumber} instead.
     */
    static void csvText(StringBuilder out, String value) {
        if (value == null) {
            return;
        }
        String cell = value;
        if (!cell.isEmpty()) {
            char first = cell.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                cell = "'" + cell;
            }
        }
        boolean quote = false;
        for (int i = 0; i < cell.length() && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (quote) {
            out.append('"').append(cell.replace("\"", "\"\"")).append('"');
        } else {
            out.append(cell);
        }
    }

    /** A number the server formatted itself: never a formula, so a minus sign stays a minus sign. */
    static void csvNumber(StringBuilder out, Object value) {
        if (value != null) {
            out.append(value);
        }
    }
}
