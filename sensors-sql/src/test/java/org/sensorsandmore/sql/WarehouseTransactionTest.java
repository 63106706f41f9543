package org.sensorsandmore.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.HourWindow;
import org.sensorsandmore.core.SensorsException;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.core.client.SimulatedClient;
import org.sensorsandmore.core.client.TrafficClient;
import org.sensorsandmore.core.model.ClassicModel;
import org.sensorsandmore.sql.testing.CutStreamClient;

/** The transaction seam: the caller's own writes and its ingests commit together, or not at all. */
class WarehouseTransactionTest {
    private static final HourWindow DAY =
            HourWindow.of(LocalDateTime.of(2024, 7, 1, 0, 0), LocalDateTime.of(2024, 7, 2, 0, 0));

    private final Warehouse warehouse = Warehouse.inMemory();
    private final TrafficClient classic = SimulatedClient.of(new ClassicModel(), StoreNetwork.original());

    @AfterEach
    void close() {
        warehouse.close();
    }

    private long total() {
        return warehouse.coverage().stream().mapToLong(StoreCoverage::readings).sum();
    }

    private long notes() {
        return warehouse.read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM notes")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private void createNotes() {
        warehouse.inTransaction(transaction -> {
            try (Statement statement = transaction.connection().createStatement()) {
                statement.execute("CREATE TABLE notes (note VARCHAR)");
            }
            return null;
        });
    }

    private static void note(Warehouse.Transaction transaction) throws SQLException {
        try (Statement statement = transaction.connection().createStatement()) {
            statement.execute("INSERT INTO notes VALUES ('ingested')");
        }
    }

    @Test
    void theCallersOwnWritesAndItsIngestsAreCommittedTogether() {
        createNotes();

        IngestResult result = warehouse.inTransaction(transaction -> {
            IngestResult ingested = transaction.ingest(classic, DAY, List.of("Paris", "Roma"));
            note(transaction);
            return ingested;
        });

        assertThat(result).isEqualTo(new IngestResult(24 * (20 + 4), 24 * (20 + 4)));
        assertThat(total()).isEqualTo(24 * (20 + 4));
        assertThat(notes()).isEqualTo(1);
    }

    @Test
    void workThatThrowsAfterAnIngestLeavesNeitherItsWritesNorTheReadings() {
        createNotes();

        assertThatThrownBy(() -> warehouse.inTransaction(transaction -> {
                    transaction.ingest(classic, DAY, List.of());
                    note(transaction);
                    throw new SQLException("the caller's statement failed");
                }))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("the caller's statement failed");

        assertNothingCommitted();
    }

    @Test
    void anIngestThatFailedRollsTheTransactionBackEvenWhenTheWorkCarriesOn() {
        createNotes();
        TrafficClient breaking = CutStreamClient.always(classic);

        assertThatThrownBy(() -> warehouse.inTransaction(transaction -> {
                    try {
                        transaction.ingest(breaking, DAY, List.of());
                    } catch (SensorsException e) {
                        // carries on as if nothing happened
                    }
                    note(transaction);
                    return null;
                }))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("stream cut");

        assertNothingCommitted();
    }

    @Test
    void transactionsDoNotNestAndEndWithTheirWork() {
        Warehouse.Transaction[] kept = new Warehouse.Transaction[1];

        assertThatThrownBy(() -> warehouse.inTransaction(transaction -> warehouse.ingest(classic, DAY)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("do not nest");
        warehouse.inTransaction(transaction -> kept[0] = transaction);

        assertThatThrownBy(() -> kept[0].connection()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kept[0].ingest(classic, DAY, List.of())).isInstanceOf(IllegalStateException.class);
        assertThat(warehouse.ingest(classic, DAY).written()).isEqualTo(39 * 24);
    }

    /** Neither the readings nor the caller's own writes were committed. */
    private void assertNothingCommitted() {
        assertThat(total()).isZero();
        assertThat(notes()).isZero();
    }
}
