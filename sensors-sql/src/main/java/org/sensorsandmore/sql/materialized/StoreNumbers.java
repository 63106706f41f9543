package org.sensorsandmore.sql.materialized;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The stores of the day tables by number ({@code store_id}), each with its name and the sensors it
 * has reported from: what a reader needs to ask for some stores' day rows by number and to turn
 * them into view rows without joining {@code stores} and {@code store_sensors} for every query
 * ({@link StoredViewSql#read(Connection, org.sensorsandmore.sql.views.ViewQuery,
 * java.util.function.Function, StoreNumbers, java.util.function.Consumer)}).
 *
 * <p>Immutable.
 */
public final class StoreNumbers {
    /** No store. */
    public static final StoreNumbers NONE = new StoreNumbers(List.of(), Map.of(), Map.of(), Map.of());

    private final List<Integer> inNameOrder;
    private final Map<String, Integer> ids;
    private final Map<Integer, String> names;
    private final Map<Integer, Integer> sensors;

    private StoreNumbers(
            List<Integer> inNameOrder,
            Map<String, Integer> ids,
            Map<Integer, String> names,
            Map<Integer, Integer> sensors) {
        this.inNameOrder = inNameOrder;
        this.ids = ids;
        this.names = names;
        this.sensors = sensors;
    }

    /**
     * @param connection a connection
     * @param stores a relation with the columns of the {@code stores} table
     * @param storeSensors a relation with the columns of the {@code store_sensors} table
     * @return the stores they hold
     * @throws SQLException when the database fails
     */
    public static StoreNumbers read(Connection connection, String stores, String storeSensors) throws SQLException {
        List<Integer> inNameOrder = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, Integer> sensors = new HashMap<>();
        // Ordered by the database, as every view's rows are: its order of names is the one that counts.
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT s.store_id, s.store, (SELECT COUNT(*) FROM "
                        + storeSensors + " x WHERE x.store_id = s.store_id) FROM " + stores
                        + " s ORDER BY s.store")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                inNameOrder.add(id);
                ids.put(rs.getString(2), id);
                names.put(id, rs.getString(2));
                sensors.put(id, rs.getInt(3));
            }
        }
        return new StoreNumbers(List.copyOf(inNameOrder), Map.copyOf(ids), Map.copyOf(names), Map.copyOf(sensors));
    }

    /**
     * @param store a store's name
     * @return its number, or null when there is no such store
     */
    public Integer id(String store) {
        return ids.get(Objects.requireNonNull(store, "store"));
    }

    /**
     * @param stores store names; none for all
     * @return the numbers of those that exist, in the order of their names
     */
    public List<Integer> inNameOrder(Set<String> stores) {
        if (stores.isEmpty()) {
            return inNameOrder;
        }
        return inNameOrder.stream().filter(id -> stores.contains(names.get(id))).toList();
    }

    /** @return a store's name, by number */
    String name(int id) {
        return names.get(id);
    }

    /** @return the sensors a store has reported from, by number */
    int sensors(int id) {
        return sensors.getOrDefault(id, 0);
    }
}
