package org.sensorsandmore.sql.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.sql.materialized.MaterializedViews;

/**
 * The list of files that make up one published state of the views: which file holds each store's
 * month of each day table, and the small tables. A reader takes every file it reads from one
 * manifest, so it sees one state; the writer replaces the manifest by a rename.
 *
 * <p>Text, one entry a line, tab-separated: {@code generation N}; {@code warehouse ID}, the identity
 * of the database that published it (a database replaced by another one, a restored copy, is
 * published anew, not over the other's files); {@code stores-per-bucket N},
 * how many consecutive store numbers share a partition (1 when the line is missing: the first
 * layout, one store a partition); {@code hours lists}, when the day files hold each group of 24
 * hourly columns as one list ({@link MaterializedViews#fileColumns}), where earlier writers wrote
 * the table's columns as they are (a reader older than the line refuses it as unknown); {@code
 * part TABLE BUCKET MONTH PATH} for each partition; {@code
 * table NAME PATH} for each small table (a file of several months, {@link #SEVERAL_MONTHS}, is
 * named by a part line for each of them); {@code delta TABLE PATH} for each day table's file of
 * recently changed days ({@link #deltas}), and {@code range BUCKET FIRST LAST SINCE} for each bucket
 * whose days {@code FIRST..LAST} (epoch days) it holds ({@link DayRange}); {@code superseded PATH}
 * for each file this generation replaced, deleted by the next one (a reader that took the previous
 * manifest an instant ago still finds its files). Paths are relative to the folder.
 */
final class Manifest {
    /** The manifest's file name in the published folder. */
    static final String FILE = "manifest.tsv";

    /** A bucket of stores' month of one day table: stores {@code bucket * storesPerBucket} and on. */
    record Part(String table, int bucket, int month) implements Comparable<Part> {
        @Override
        public int compareTo(Part other) {
            int byTable = table.compareTo(other.table);
            if (byTable != 0) {
                return byTable;
            }
            return bucket != other.bucket ? Integer.compare(bucket, other.bucket) : Integer.compare(month, other.month);
        }
    }

    /**
     * The days of a bucket whose rows readers take from the {@linkplain #deltas delta files}, not
     * from the bucket's parts: every row of the bucket's stores in those days is in the deltas, as
     * of this generation, and the parts' rows of those days are older.
     *
     * @param first the first epoch day
     * @param last the last epoch day
     * @param since the generation that first put days of the bucket in the deltas: the oldest
     *     range is the first folded back into the parts
     */
    record DayRange(int first, int last, long since) {
        /** @return the range that holds this one's days and another's, since the earlier */
        DayRange span(int otherFirst, int otherLast) {
            return new DayRange(Math.min(first, otherFirst), Math.max(last, otherLast), since);
        }

        /** @return the number of days */
        int days() {
            return last - first + 1;
        }

        /** @return the months ({@code yyyymm}) its days lie in */
        SortedSet<Integer> months() {
            SortedSet<Integer> months = new TreeSet<>();
            for (YearMonth month = YearMonth.from(LocalDate.ofEpochDay(first));
                    !month.atDay(1).isAfter(LocalDate.ofEpochDay(last));
                    month = month.plusMonths(1)) {
                months.add(month.getYear() * 100 + month.getMonthValue());
            }
            return months;
        }
    }

    final long generation;
    final String warehouse;
    final int storesPerBucket;
    /** Whether the day files hold the hours of a day as lists; else as the table's columns. */
    final boolean hourLists;

    final Map<Part, List<String>> parts;
    final Map<String, String> tables;
    /** Each day table's file of the rows of the {@link #ranges}' days; none when there are no ranges. */
    final Map<String, String> deltas;
    /** By bucket. */
    final SortedMap<Integer, DayRange> ranges;

    final List<String> superseded;

    Manifest(
            long generation,
            String warehouse,
            int storesPerBucket,
            boolean hourLists,
            Map<Part, List<String>> parts,
            Map<String, String> tables,
            Map<String, String> deltas,
            SortedMap<Integer, DayRange> ranges,
            List<String> superseded) {
        this.generation = generation;
        this.warehouse = warehouse;
        this.storesPerBucket = storesPerBucket;
        this.hourLists = hourLists;
        this.parts = parts;
        this.tables = tables;
        this.deltas = deltas;
        this.ranges = ranges;
        this.superseded = superseded;
    }

    /**
     * @param bucket a bucket of this manifest's layout
     * @param range days
     * @return the condition that holds for the rows of the bucket's stores in those days
     */
    String rowsOf(int bucket, DayRange range) {
        int first = bucket * storesPerBucket;
        return "(store_id BETWEEN " + first + " AND " + (first + storesPerBucket - 1) + " AND epoch_day BETWEEN "
                + range.first() + " AND " + range.last() + ")";
    }

    /** @return the manifest of a folder, or null when none was published there */
    static Manifest read(Path folder) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(folder.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        long generation = -1;
        int storesPerBucket = 1;
        boolean hourLists = false;
        String warehouse = null;
        Map<Part, List<String>> parts = new TreeMap<>();
        Map<String, String> tables = new TreeMap<>();
        Map<String, String> deltas = new TreeMap<>();
        SortedMap<Integer, DayRange> ranges = new TreeMap<>();
        List<String> superseded = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            switch (fields[0]) {
                case "generation" -> generation = Long.parseLong(fields[1]);
                case "stores-per-bucket" -> storesPerBucket = Integer.parseInt(fields[1]);
                case "hours" -> hourLists = fields[1].equals("lists");
                case "warehouse" -> warehouse = fields[1];
                case "part" ->
                    parts.computeIfAbsent(
                                    new Part(fields[1], Integer.parseInt(fields[2]), Integer.parseInt(fields[3])),
                                    part -> new ArrayList<>())
                            .add(fields[4]);
                case "table" -> tables.put(fields[1], fields[2]);
                case "delta" -> deltas.put(fields[1], fields[2]);
                case "range" ->
                    ranges.put(
                            Integer.parseInt(fields[1]),
                            new DayRange(
                                    Integer.parseInt(fields[2]),
                                    Integer.parseInt(fields[3]),
                                    Long.parseLong(fields[4])));
                case "superseded" -> superseded.add(fields[1]);
                default -> throw new IOException("Not a line of a views manifest in " + folder + ": " + line);
            }
        }
        if (generation < 0) {
            throw new IOException("The views manifest in " + folder + " has no generation");
        }
        return new Manifest(
                generation, warehouse, storesPerBucket, hourLists, parts, tables, deltas, ranges, superseded);
    }

    /**
     * How the folder of a file of several months is named ({@code months=FIRST-LAST}): the rows of
     * each month it was written for, of which a reader takes only those its parts still name (a
     * later month file replaces one month of it).
     */
    static final String SEVERAL_MONTHS = "months=";

    /** @return whether a part's file may hold rows of months its parts no longer name */
    static boolean severalMonths(String path) {
        return path.contains("/" + SEVERAL_MONTHS);
    }

    /**
     * @param months months as {@code yyyymm}
     * @return the condition on {@code epoch_day} that holds for their days: a range per run of
     *     consecutive months
     */
    static String daysOf(SortedSet<Integer> months) {
        List<String> ranges = new ArrayList<>();
        YearMonth first = null;
        YearMonth last = null;
        for (int month : months) {
            YearMonth next = YearMonth.of(month / 100, month % 100);
            if (last != null && !next.equals(last.plusMonths(1))) {
                ranges.add(range(first, last));
                first = null;
            }
            if (first == null) {
                first = next;
            }
            last = next;
        }
        if (first != null) {
            ranges.add(range(first, last));
        }
        return ranges.isEmpty() ? "FALSE" : String.join(" OR ", ranges);
    }

    private static String range(YearMonth first, YearMonth last) {
        return "epoch_day BETWEEN " + first.atDay(1).toEpochDay() + " AND "
                + last.atEndOfMonth().toEpochDay();
    }

    /** @return the bucket of a store number in this manifest's layout */
    int bucketOf(int storeId) {
        return Math.floorDiv(storeId, storesPerBucket);
    }

    /** Writes the manifest into a folder, replacing the previous one by a rename. */
    void write(Path folder) throws IOException {
        StringBuilder text =
                new StringBuilder("generation\t").append(generation).append('\n');
        text.append("warehouse\t").append(warehouse).append('\n');
        text.append("stores-per-bucket\t").append(storesPerBucket).append('\n');
        if (hourLists) {
            text.append("hours\tlists\n");
        }
        parts.forEach((part, files) -> files.forEach(file -> text.append("part\t")
                .append(part.table())
                .append('\t')
                .append(part.bucket())
                .append('\t')
                .append(part.month())
                .append('\t')
                .append(file)
                .append('\n')));
        tables.forEach((name, file) ->
                text.append("table\t").append(name).append('\t').append(file).append('\n'));
        deltas.forEach((table, file) ->
                text.append("delta\t").append(table).append('\t').append(file).append('\n'));
        ranges.forEach((bucket, range) -> text.append("range\t")
                .append(bucket)
                .append('\t')
                .append(range.first())
                .append('\t')
                .append(range.last())
                .append('\t')
                .append(range.since())
                .append('\n'));
        superseded.forEach(file -> text.append("superseded\t").append(file).append('\n'));
        Path partial = folder.resolve("." + FILE + "." + UUID.randomUUID());
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        AtomicOutput.replaceFile(partial, folder.resolve(FILE));
    }
}
