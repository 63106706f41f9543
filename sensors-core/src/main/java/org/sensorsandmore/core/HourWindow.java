package org.sensorsandmore.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sensorsandmore.core.check.Require;

/**
 * A half-open range of store-local hours {@code [from, to)}: every operation that moves readings
 * takes one.
 *
 * <pre>{@code
 * HourWindow july = HourWindow.of(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 8, 1));
 * july.hours();                          // 744
 * july.split(LocalDateTime.of(2024, 7, 15, 0, 0)); // [2024-07-01T00:00, 2024-07-15T00:00) and the rest
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param from the first hour, included
 * @param to the end, excluded; equal to {@code from} for an empty window
 */
public record HourWindow(LocalDateTime from, LocalDateTime to) {

    /** Validates that both ends are whole hours and that {@code from <= to}. */
    public HourWindow {
        Hours.requireWholeHour(from, "from");
        Hours.requireWholeHour(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("The window's end " + to + " is before its start " + from);
        }
    }

    /**
     * @param from the first hour, included
     * @param to the end, excluded
     * @return the window {@code [from, to)}
     */
    public static HourWindow of(LocalDateTime from, LocalDateTime to) {
        return new HourWindow(from, to);
    }

    /**
     * @param fromDay the first day, included from its midnight
     * @param toDay the day whose midnight ends the window (excluded)
     * @return the window of whole days {@code [fromDay 00:00, toDay 00:00)}
     */
    public static HourWindow of(LocalDate fromDay, LocalDate toDay) {
        return new HourWindow(fromDay.atStartOfDay(), toDay.atStartOfDay());
    }

    /**
     * @param hour a whole hour
     * @return the window holding just that hour
     */
    public static HourWindow ofHour(LocalDateTime hour) {
        return new HourWindow(hour, Hours.requireWholeHour(hour, "hour").plusHours(1));
    }

    /** @return how many hours the window holds */
    public long hours() {
        return ChronoUnit.HOURS.between(from, to);
    }

    /** @return whether the window holds no hour */
    public boolean isEmpty() {
        return from.equals(to);
    }

    /**
     * @param hour an hour
     * @return whether {@code from <= hour < to}
     */
    public boolean contains(LocalDateTime hour) {
        return !hour.isBefore(from) && hour.isBefore(to);
    }

    /** @return {@link Hours#toEpochHour} of {@code from} */
    public int fromEpochHour() {
        return Hours.toEpochHour(from);
    }

    /** @return {@link Hours#toEpochHour} of {@code to} */
    public int toEpochHour() {
        return Hours.toEpochHour(to);
    }

    /**
     * @param other another window
     * @return the hours both windows hold (possibly empty, anchored at the later start)
     */
    public HourWindow intersect(HourWindow other) {
        LocalDateTime start = from.isAfter(other.from) ? from : other.from;
        LocalDateTime end = to.isBefore(other.to) ? to : other.to;
        return new HourWindow(start, end.isBefore(start) ? start : end);
    }

    /**
     * Cuts the window in consecutive pieces of at most {@code maxHours} hours.
     *
     * @param maxHours the longest piece, at least 1
     * @return the pieces in order; none for an empty window
     */
    public List<HourWindow> chunks(long maxHours) {
        Require.atLeast(maxHours, 1, "maxHours");
        List<HourWindow> pieces = new ArrayList<>();
        LocalDateTime start = from;
        while (start.isBefore(to)) {
            LocalDateTime end = start.plusHours(Math.min(maxHours, ChronoUnit.HOURS.between(start, to)));
            pieces.add(new HourWindow(start, end));
            start = end;
        }
        return pieces;
    }

    /**
     * @param at an hour within {@code [from, to]}
     * @return {@code [from, at)} and {@code [at, to)}
     */
    public List<HourWindow> split(LocalDateTime at) {
        Objects.requireNonNull(at, "at");
        if (at.isBefore(from) || at.isAfter(to)) {
            throw new IllegalArgumentException("Cannot split " + this + " at " + at + ": outside the window");
        }
        return List.of(new HourWindow(from, at), new HourWindow(at, to));
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
