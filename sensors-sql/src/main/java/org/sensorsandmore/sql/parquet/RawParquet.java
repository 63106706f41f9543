package org.sensorsandmore.sql.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.sensorsandmore.core.io.AtomicOutput;
import org.sensorsandmore.sql.Warehouse;
import org.sensorsandmore.sql.WarehouseException;
import org.sensorsandmore.sql.views.StatusCodes;

/**
 * Raw readings as one parquet file, written through parquet-hadoop: the layout Spark and pandas
 * read, and {@link Warehouse#ingestParquet} reads back.
 *
 * <p>Rows stream from a DuckDB result (the connection streams results) into the writer, which
 * holds one row group at a time: memory stays bounded whatever the table's size. The file is
 * written under a hidden temporary name next to the target and renamed into place when complete.
 */
public final class RawParquet {
    /** The file's columns. {@code hour} is the store-local hour (not adjusted to UTC). */
    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("store")
            .required(PrimitiveTypeName.INT32)
            .named("sensor_id")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS))
            .named("hour")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("status")
            .optional(PrimitiveTypeName.INT32)
            .named("visits")
            .required(PrimitiveTypeName.BOOLEAN)
            .named("anomaly")
            .named("reading");

    private static final int ROW_GROUP_BYTES = 64 << 20;

    private RawParquet() {}

    /**
     * Writes every stored reading into a parquet file, for {@link Warehouse#exportReadings}.
     *
     * @param connection a connection that sees the readings to write
     * @param file the parquet file, replaced when it exists
     * @return the readings written
     * @throws SQLException when the database fails
     */
    public static long write(Connection connection, Path file) throws SQLException {
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        long rows = 0;
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(temporary))
                            .withConf(new PlainParquetConfiguration())
                            .withType(SCHEMA)
                            .withCompressionCodec(CompressionCodecName.SNAPPY)
                            .withRowGroupSize(ROW_GROUP_BYTES)
                            .build();
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT s.store, r.sensor_id, r.epoch_hour * 3600000000,"
                            + " " + StatusCodes.nameOf("r.status") + ","
                            + " r.visits, r.anomaly FROM readings r JOIN stores s USING (store_id)"
                            + " ORDER BY s.store, r.sensor_id, r.epoch_hour")) {
                while (rs.next()) {
                    Group group = groups.newGroup()
                            .append("store", rs.getString(1))
                            .append("sensor_id", rs.getInt(2))
                            .append("hour", rs.getLong(3))
                            .append("status", rs.getString(4));
                    int visits = rs.getInt(5);
                    if (!rs.wasNull()) {
                        group.append("visits", visits);
                    }
                    group.append("anomaly", rs.getBoolean(6));
                    writer.write(group);
                    rows++;
                }
            }
            AtomicOutput.replaceFile(temporary, target);
            return rows;
        } catch (IOException e) {
            throw new WarehouseException("Cannot write the parquet file " + file + ": " + AtomicOutput.describe(e), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // A leftover hidden temporary file is harmless; the failure above is what matters.
            }
        }
    }
}
