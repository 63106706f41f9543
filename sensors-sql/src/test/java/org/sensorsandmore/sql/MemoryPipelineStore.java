package org.sensorsandmore.sql;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.ReadingBatch;
import org.sensorsandmore.core.client.TrafficClient;

/**
 * The pipeline's store in memory, for the run logic's tests before the real warehouse is at hand:
 * a chunk is staged and applied only when the client finished, as a transaction would be.
 */
final class MemoryPipelineStore implements PipelineStore {
    /** (store, sensor, epoch hour) → status and visits. */
    final Map<String, String> readings = new TreeMap<>();

    final Map<String, LocalDateTime> watermarks = new LinkedHashMap<>();
    final Map<Long, PipelineRun> runs = new TreeMap<>();
    final List<Path> exports = new ArrayList<>();
    final Set<Path> exported = new HashSet<>();
    final List<HourWindow> chunks = new ArrayList<>();

    @Override
    public Map<String, LocalDateTime> watermarks() {
        return Map.copyOf(watermarks);
    }

    @Override
    public long startRun(PipelineRun.Kind kind, Instant startedAt) {
        runs.replaceAll((id, run) -> run.status() == RunStatus.RUNNING ? with(run, RunStatus.INTERRUPTED) : run);
        long id = runs.size() + 1L;
        runs.put(id, new PipelineRun(id, kind, null, startedAt, null, RunStatus.RUNNING, 0, 0, 1, null));
        return id;
    }

    private static PipelineRun with(PipelineRun run, RunStatus status) {
        return new PipelineRun(
                run.id(),
                run.kind(),
                run.window(),
                run.startedAt(),
                run.endedAt(),
                status,
                run.fetched(),
                run.written(),
                run.attempts(),
                run.error());
    }

    @Override
    public void planRun(long runId, HourWindow window) {
        PipelineRun run = runs.get(runId);
        runs.put(
                runId,
                new PipelineRun(
                        runId,
                        run.kind(),
                        window,
                        run.startedAt(),
                        null,
                        run.status(),
                        run.fetched(),
                        run.written(),
                        run.attempts(),
                        run.error()));
    }

    @Override
    public IngestResult ingestChunk(
            TrafficClient client,
            HourWindow window,
            List<String> stores,
            WatermarkAdvance advance,
            long runId,
            int attempts) {
        Map<String, String> staged = new HashMap<>();
        long[] received = {0};
        client.readings(window, stores, (ReadingBatch batch) -> {
            for (int i = 0; i < batch.size(); i++) {
                staged.put(
                        batch.storeName(i) + "/" + batch.sensorId(i) + "/" + batch.hour(i),
                        batch.status(i) + ":" + batch.visits(i));
                received[0]++;
            }
        });
        long written = staged.entrySet().stream()
                .filter(e -> !Objects.equals(readings.get(e.getKey()), e.getValue()))
                .count();
        readings.putAll(staged);
        for (String store : stores) {
            LocalDateTime current = watermarks.get(store);
            boolean later = current == null || window.to().isAfter(current);
            boolean allowed = advance == WatermarkAdvance.TO_END
                    || current == null
                    || !window.from().isAfter(current);
            if (later && allowed) {
                watermarks.put(store, window.to());
            }
        }
        chunks.add(window);
        PipelineRun run = runs.get(runId);
        runs.put(
                runId,
                new PipelineRun(
                        runId,
                        run.kind(),
                        run.window(),
                        run.startedAt(),
                        null,
                        run.status(),
                        run.fetched() + received[0],
                        run.written() + written,
                        attempts,
                        null));
        return new IngestResult(received[0], written);
    }

    @Override
    public void finishRun(long runId, RunStatus status, Instant endedAt, int attempts, String error) {
        PipelineRun run = runs.get(runId);
        runs.put(
                runId,
                new PipelineRun(
                        runId,
                        run.kind(),
                        run.window(),
                        run.startedAt(),
                        endedAt,
                        status,
                        run.fetched(),
                        run.written(),
                        attempts,
                        error));
    }

    @Override
    public PipelineRun run(long runId) {
        return runs.get(runId);
    }

    @Override
    public List<PipelineRun> runs(int limit) {
        List<PipelineRun> list = new ArrayList<>(runs.values());
        java.util.Collections.reverse(list);
        return list.subList(0, Math.min(limit, list.size()));
    }

    @Override
    public boolean hasExports(Path directory) {
        return exported.contains(directory);
    }

    @Override
    public void export(Path directory) {
        exports.add(directory);
        exported.add(directory);
    }
}
