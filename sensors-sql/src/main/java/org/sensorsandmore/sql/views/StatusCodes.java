package org.sensorsandmore.sql.views;

import java.util.Objects;
import org.sensorsandmore.core.ReadingStatus;

/**
 * The stored reading status in SQL: a warehouse's {@code readings.status} holds each status's
 * {@linkplain ReadingStatus#code() code} (0 OK, 1 FAILED, 2 NOT_OPEN), and every statement that
 * tests or converts one (the warehouse's, the stored views', the raw parquet's, Spark's) builds the
 * condition here, from the enum, so no statement spells a bare code. The view texts get the code
 * of a failed reading through their {@code {{failed}}} placeholder.
 *
 * <pre>{@code
 * StatusCodes.is("r.status", ReadingStatus.FAILED);   // r.status = 1
 * StatusCodes.ofName("p.status");   // CASE p.status WHEN 'OK' THEN 0 WHEN 'FAILED' THEN 1 … END
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class StatusCodes {
    private StatusCodes() {}

    /**
     * @param column a column (or expression) holding a status code
     * @param status the status
     * @return the condition that the column holds the status's code, e.g. {@code status = 1}
     */
    public static String is(String column, ReadingStatus status) {
        return Objects.requireNonNull(column, "column") + " = " + status.code();
    }

    /**
     * @param column a column (or expression) holding a status code
     * @param status the status
     * @return the condition that the column holds another code, e.g. {@code status <> 1}
     */
    public static String isNot(String column, ReadingStatus status) {
        return Objects.requireNonNull(column, "column") + " <> " + status.code();
    }

    /**
     * @param nameColumn a column holding a status's name ({@code OK}, {@code FAILED}, {@code
     *     NOT_OPEN}), as CSV and raw parquet files do
     * @return an expression of its code; NULL for any other text
     */
    public static String ofName(String nameColumn) {
        StringBuilder sql = new StringBuilder("CASE ").append(Objects.requireNonNull(nameColumn, "nameColumn"));
        for (ReadingStatus status : ReadingStatus.values()) {
            sql.append(" WHEN '").append(status.name()).append("' THEN ").append(status.code());
        }
        return sql.append(" END").toString();
    }

    /**
     * @param codeColumn a column holding a status's code
     * @return an expression of its name ({@code OK}, {@code FAILED}, {@code NOT_OPEN}); NULL for
     *     any other number
     */
    public static String nameOf(String codeColumn) {
        StringBuilder sql = new StringBuilder("CASE ").append(Objects.requireNonNull(codeColumn, "codeColumn"));
        for (ReadingStatus status : ReadingStatus.values()) {
            sql.append(" WHEN ")
                    .append(status.code())
                    .append(" THEN '")
                    .append(status.name())
                    .append('\'');
        }
        return sql.append(" END").toString();
    }
}
