package org.sensorsandmore.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.client.TrafficClient;

/** The pipeline's state in the warehouse's own DuckDB file, written in the warehouse's transactions. */
final class WarehousePipelineStore implements PipelineStore {
    private final Warehouse warehouse;
    private final Clock clock;

    WarehousePipelineStore(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    @Override
    public Map<String, LocalDateTime> watermarks() {
        return warehouse.readState(PipelineTables::watermarks);
    }

    @Override
    public long startRun(PipelineRun.Kind kind, Instant startedAt) {
        return warehouse.writeState(connection -> PipelineTables.startRun(connection, kind, startedAt));
    }

    @Override
    public void planRun(long runId, HourWindow window) {
        warehouse.writeState(connection -> {
            PipelineTables.planRun(connection, runId, window);
            return null;
        });
    }

    @Override
    public IngestResult ingestChunk(
            TrafficClient client,
            HourWindow window,
            List<String> stores,
            WatermarkAdvance advance,
            long runId,
            int attempts) {
        return warehouse.ingest(client, window, stores, (connection, result) -> {
            Instant now = clock.instant();
            for (String store : stores) {
                PipelineTables.advance(connection, store, window, advance, now);
            }
            PipelineTables.addChunk(connection, runId, result, attempts);
        });
    }

    @Override
    public void finishRun(long runId, RunStatus status, Instant endedAt, int attempts, String error) {
        warehouse.writeState(connection -> {
            PipelineTables.finishRun(connection, runId, status, endedAt, attempts, error);
            return null;
        });
    }

    @Override
    public PipelineRun run(long runId) {
        return warehouse.readState(connection -> PipelineTables.run(connection, runId));
    }

    @Override
    public List<PipelineRun> runs(int limit) {
        return warehouse.readState(connection -> PipelineTables.runs(connection, limit));
    }

    @Override
    public boolean hasExports(Path directory) {
        return Arrays.stream(View.values())
                .allMatch(view -> Files.exists(directory.resolve(view.tableName() + ".csv")));
    }

    @Override
    public void export(Path directory) {
        warehouse.exportViews(directory);
    }
}
