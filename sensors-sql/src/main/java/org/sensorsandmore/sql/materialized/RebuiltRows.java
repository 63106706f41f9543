package org.sensorsandmore.sql.materialized;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.sensorsandmore.sql.storage.ArrowVectors;

/**
 * The rows of a {@link DayTable}, baselines included, computed from its {@link DayCells} ({@link
 * KernelRows}) a slice at a time as DuckDB reads them: an Arrow stream of the table's {@link
 * DayTable#columns()}, in key order, a row per day with a reading.
 *
 * <p>DuckDB asks for slices from its threads, one at a time; each slice's buffers are fresh, and
 * stay with DuckDB until it has read them (as in {@code ArrowStager}). Not thread-safe otherwise.
 */
final class RebuiltRows extends ArrowReader {
    /**
     * Rows per slice: a multiple of 64, so a slice's validity is whole words, and few enough that
     * a slice's columns stay in the processor's cache until they are copied into vectors.
     */
    static final int SLICE_ROWS = 1 << 12;

    private final KernelRows rows;
    private final RowSlice slice;
    private final FieldVector[] vectors;
    private final VectorSchemaRoot root;
    private final int[] narrow;
    private boolean closed;

    RebuiltRows(BufferAllocator allocator, DayCells cells) {
        this(allocator, cells, SLICE_ROWS);
    }

    /** @param sliceRows rows per slice: a positive multiple of 64 (tests cut slices small) */
    RebuiltRows(BufferAllocator allocator, DayCells cells, int sliceRows) {
        super(allocator);
        this.slice = new RowSlice(cells.table(), sliceRows);
        this.rows = new KernelRows(cells);
        this.narrow = new int[sliceRows];
        List<String> columns = cells.table().columns();
        this.vectors = new FieldVector[columns.size()];
        for (int column = 0; column < vectors.length; column++) {
            String name = columns.get(column);
            vectors[column] =
                    DayTable.isBigint(name) ? new BigIntVector(name, allocator) : new IntVector(name, allocator);
        }
        this.root = new VectorSchemaRoot(new ArrayList<>(List.of(vectors)));
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
        return root;
    }

    @Override
    public boolean loadNextBatch() {
        int count = rows.fill(slice);
        if (count == 0) {
            return false;
        }
        for (int column = 0; column < vectors.length; column++) {
            if (vectors[column] instanceof BigIntVector wide) {
                ArrowVectors.fill(wide, slice.values[column], 0, count);
            } else {
                long[] from = slice.values[column];
                for (int i = 0; i < count; i++) {
                    narrow[i] = (int) from[i];
                }
                ArrowVectors.fill((IntVector) vectors[column], narrow, 0, count);
            }
            ArrowVectors.validity((BaseFixedWidthVector) vectors[column], slice.valid[column], 0, count);
        }
        root.setRowCount(count);
        return true;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }

    @Override
    protected Schema readSchema() {
        return root.getSchema();
    }
}
