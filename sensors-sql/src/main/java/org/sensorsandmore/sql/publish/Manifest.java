package org.sensorsandmore.sql.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.sensorsandmore.core.io.AtomicOutput;

/**
 * The list of files that make up one published state of the views: which file holds each store's
 * month of each day table, and the small tables. A reader takes every file it reads from one
 * manifest, so it sees one state; the writer replaces the manifest by a rename.
 *
 * <p>Text, one entry a line, tab-separated: {@code generation N}; {@code warehouse ID}, the identity
 * of the database that published it (a database replaced by another one, a restored copy, is
 * published anew, not over the other's files); {@code stores-per-bucket N},
 * how many consecutive store numbers share a partition (1 when the line is missing: the first
 * layout, one store a partition); {@code part TABLE BUCKET MONTH PATH} for each partition; {@code
 * table NAME PATH} for each small table (a file of several months, {@link #SEVERAL_MONTHS}, is
 * named by a part line for each of them); {@code delta GENERATION TABLE PATH} for each file of the
 * rows one publish changed ({@link Delta}), and {@code covers GENERATION BUCKET MONTH} for each
 * bucket-month it has rows of; {@code superseded PATH} for each file this generation
 * replaced, deleted by the next one (a reader that took the previous manifest an instant ago still
 * finds its files). Paths are relative to the folder.
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

    /** A bucket of stores' month, the unit a delta covers and a compaction rewrites (both tables). */
    record BucketMonth(int bucket, int month) implements Comparable<BucketMonth> {
        @Override
        public int compareTo(BucketMonth other) {
            return bucket != other.bucket ? Integer.compare(bucket, other.bucket) : Integer.compare(month, other.month);
        }
    }

    /**
     * The rows of the day tables that one publish changed, by table, and the bucket-months they lie
     * in. A reader lays a delta's rows of a bucket-month over its part's when the part is older
     * than the delta ({@link #generationOf}); a later delta's row over an earlier one's.
     *
     * @param generation the publish that wrote it
     * @param files each day table's file
     * @param covers the bucket-months it has rows of
     */
    record Delta(long generation, Map<String, String> files, Set<BucketMonth> covers) {}

    final long generation;
    final String warehouse;
    final int storesPerBucket;
    final Map<Part, List<String>> parts;
    final Map<String, String> tables;
    /** By generation, oldest first. */
    final SortedMap<Long, Delta> deltas;

    final List<String> superseded;

    Manifest(
            long generation,
            String warehouse,
            int storesPerBucket,
            Map<Part, List<String>> parts,
            Map<String, String> tables,
            SortedMap<Long, Delta> deltas,
            List<String> superseded) {
        this.generation = generation;
        this.warehouse = warehouse;
        this.storesPerBucket = storesPerBucket;
        this.parts = parts;
        this.tables = tables;
        this.deltas = deltas;
        this.superseded = superseded;
    }

    /**
     * @param path a part's or delta's file, named {@code …/gN.parquet} by the publish of generation N
     * @return N
     */
    static long generationOf(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        if (!name.startsWith("g") || !name.endsWith(".parquet")) {
            throw new IllegalArgumentException("Not a published file's name: " + path);
        }
        return Long.parseLong(name.substring(1, name.length() - ".parquet".length()));
    }

    /**
     * @param table a day table
     * @param part a bucket-month
     * @return the generation of the publish that wrote the part's file last; -1 when none did (a
     *     month that only deltas hold yet)
     */
    long partGeneration(String table, BucketMonth part) {
        List<String> files = parts.get(new Part(table, part.bucket(), part.month()));
        return files == null || files.isEmpty() ? -1 : generationOf(files.get(0));
    }

    /**
     * @param delta a delta of this manifest
     * @return the bucket-months whose rows a reader still takes from it: those whose parts, of
     *     either table, are older than it
     */
    Set<BucketMonth> live(Delta delta) {
        Set<BucketMonth> live = new TreeSet<>();
        for (BucketMonth part : delta.covers()) {
            for (String table : delta.files().keySet()) {
                if (partGeneration(table, part) < delta.generation()) {
                    live.add(part);
                }
            }
        }
        return live;
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
        String warehouse = null;
        Map<Part, List<String>> parts = new TreeMap<>();
        Map<String, String> tables = new TreeMap<>();
        Map<Long, Map<String, String>> deltaFiles = new TreeMap<>();
        Map<Long, Set<BucketMonth>> covers = new TreeMap<>();
        List<String> superseded = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            switch (fields[0]) {
                case "generation" -> generation = Long.parseLong(fields[1]);
                case "stores-per-bucket" -> storesPerBucket = Integer.parseInt(fields[1]);
                case "warehouse" -> warehouse = fields[1];
                case "part" ->
                    parts.computeIfAbsent(
                                    new Part(fields[1], Integer.parseInt(fields[2]), Integer.parseInt(fields[3])),
                                    part -> new ArrayList<>())
                            .add(fields[4]);
                case "table" -> tables.put(fields[1], fields[2]);
                case "delta" ->
                    deltaFiles
                            .computeIfAbsent(Long.parseLong(fields[1]), g -> new TreeMap<>())
                            .put(fields[2], fields[3]);
                case "covers" ->
                    covers.computeIfAbsent(Long.parseLong(fields[1]), g -> new TreeSet<>())
                            .add(new BucketMonth(Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
                case "superseded" -> superseded.add(fields[1]);
                default -> throw new IOException("Not a line of a views manifest in " + folder + ": " + line);
            }
        }
        if (generation < 0) {
            throw new IOException("The views manifest in " + folder + " has no generation");
        }
        SortedMap<Long, Delta> deltas = new TreeMap<>();
        deltaFiles.forEach((delta, files) ->
                deltas.put(delta, new Delta(delta, files, covers.getOrDefault(delta, new TreeSet<>()))));
        return new Manifest(generation, warehouse, storesPerBucket, parts, tables, deltas, superseded);
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
        deltas.values().forEach(delta -> {
            delta.files()
                    .forEach((table, file) -> text.append("delta\t")
                            .append(delta.generation())
                            .append('\t')
                            .append(table)
                            .append('\t')
                            .append(file)
                            .append('\n'));
            delta.covers()
                    .forEach(part -> text.append("covers\t")
                            .append(delta.generation())
                            .append('\t')
                            .append(part.bucket())
                            .append('\t')
                            .append(part.month())
                            .append('\n'));
        });
        superseded.forEach(file -> text.append("superseded\t").append(file).append('\n'));
        Path partial = folder.resolve("." + FILE + "." + UUID.randomUUID());
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        AtomicOutput.replaceFile(partial, folder.resolve(FILE));
    }
}
