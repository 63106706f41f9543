package org.sensorsandmore.sql;

import java.util.Objects;
import org.sensorsandmore.core.csv.CsvReadResult;

/**
 * What ingesting a CSV file did: what the reader made of it (rows read, rejected, and why) and what
 * the warehouse wrote.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param csv the reader's account, with the rejected rows and their line numbers
 * @param ingest the readings received and written
 */
public record CsvIngestResult(CsvReadResult csv, IngestResult ingest) {
    /** Checks that both parts are given. */
    public CsvIngestResult {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(ingest, "ingest");
    }
}
