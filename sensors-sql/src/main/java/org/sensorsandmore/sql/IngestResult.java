package org.sensorsandmore.sql;

/**
 * What one ingest did.
 *
 * @param received readings handed to the warehouse
 * @param written readings that were new or changed a stored value; 0 when the same data is ingested
 *     again
 */
public record IngestResult(long received, long written) {}
