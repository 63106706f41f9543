package org.sensorsandmore.core;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The stores of one retailer, in a fixed order (the order readings are generated and listed in).
 *
 * <pre>{@code
 * StoreNetwork network = StoreNetwork.original();   // Madrid, Paris, Berlin, Roma, London
 * network.sensorCount();                            // 39
 * network.store("Paris").sensorCount();             // 20
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param stores the stores, with unique names
 */
public record StoreNetwork(List<Store> stores) {

    /** The year the original system computed its stores' sizes from. */
    private static final int ORIGINAL_REFERENCE_YEAR = 2024;

    /** Validates that the network holds at least one store and no two with the same name. */
    public StoreNetwork {
        Objects.requireNonNull(stores, "stores");
        stores = List.copyOf(stores);
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("A store network needs at least one store");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Store store : stores) {
            if (!names.add(store.name())) {
                throw new IllegalArgumentException("Duplicate store name '" + store.name() + "'");
            }
        }
    }

    /**
     * @param stores the stores, with unique names
     * @return the network
     */
    public static StoreNetwork of(Store... stores) {
        return new StoreNetwork(List.of(stores));
    }

    /**
     * The original system's five stores, exactly as it built them: for a store opened on 1 January of
     * year {@code y}, {@code k = 2024 - y + 1}, mean {@code k * 1000}, std {@code k * 150}, failure
     * probability {@code k * 0.001} and anomaly probability {@code k * 0.01} (computed in floating
     * point, as the original did).
     *
     * <table>
     *   <caption>The original network</caption>
     *   <tr><th>store</th><th>sensors</th><th>opened</th><th>zone</th></tr>
     *   <tr><td>Madrid</td><td>1</td><td>2024-01-01</td><td>Europe/Madrid</td></tr>
     *   <tr><td>Paris</td><td>20</td><td>2018-01-01</td><td>Europe/Paris</td></tr>
     *   <tr><td>Berlin</td><td>6</td><td>2022-01-01</td><td>Europe/Berlin</td></tr>
     *   <tr><td>Roma</td><td>4</td><td>2019-01-01</td><td>Europe/Rome</td></tr>
     *   <tr><td>London</td><td>8</td><td>2014-01-01</td><td>Europe/London</td></tr>
     * </table>
     *
     * @return the five-store network, 39 sensors in all
     */
    public static StoreNetwork original() {
        return of(
                originalStore("Madrid", "Europe/Madrid", 1, 2024),
                originalStore("Paris", "Europe/Paris", 20, 2018),
                originalStore("Berlin", "Europe/Berlin", 6, 2022),
                originalStore("Roma", "Europe/Rome", 4, 2019),
                originalStore("London", "Europe/London", 8, 2014));
    }

    private static Store originalStore(String name, String zone, int sensors, int openingYear) {
        int k = ORIGINAL_REFERENCE_YEAR - openingYear + 1;
        return Store.builder(name)
                .zone(ZoneId.of(zone))
                .opened(LocalDateTime.of(openingYear, 1, 1, 0, 0))
                .sensors(sensors)
                .meanVisits(k * 1000)
                .stdVisits(k * 150)
                .failureProbability(k * 0.001)
                .anomalyProbability(k * 0.01)
                .build();
    }

    /**
     * A synthetic fleet for tests and benchmarks: {@code stores} stores named {@code Store 0001},
     * {@code Store 0002}… with {@code sensorsPerStore} sensors each, their zones cycling through the
     * original network's five, opened on 1 January of years 2014 to 2024 in turn, with the original
     * system's formula for size and rates. Deterministic: the same arguments give the same network.
     *
     * @param stores how many stores, at least 1
     * @param sensorsPerStore sensors per store, at least 1
     * @return the fleet
     */
    public static StoreNetwork fleet(int stores, int sensorsPerStore) {
        if (stores < 1) {
            throw new IllegalArgumentException("A fleet needs at least one store, not " + stores);
        }
        String[] zones = {"Europe/Madrid", "Europe/Paris", "Europe/Berlin", "Europe/Rome", "Europe/London"};
        List<Store> list = new ArrayList<>(stores);
        for (int i = 0; i < stores; i++) {
            int openingYear = 2014 + (i * 7) % 11;
            Store base = originalStore(
                    String.format(Locale.ROOT, "Store %04d", i + 1), zones[i % zones.length], 1, openingYear);
            list.add(base.toBuilder().sensors(sensorsPerStore).build());
        }
        return new StoreNetwork(list);
    }

    /**
     * @param name a store name (case-sensitive)
     * @return the store, if the network holds it
     */
    public Optional<Store> find(String name) {
        return stores.stream().filter(store -> store.name().equals(name)).findFirst();
    }

    /**
     * @param name a store name (case-sensitive)
     * @return the store
     * @throws UnknownStoreException naming the known stores when there is none of that name
     */
    public Store store(String name) {
        return find(name).orElseThrow(() -> new UnknownStoreException(name, names()));
    }

    /**
     * @param name a store name
     * @return the store's position in {@link #stores()}
     * @throws UnknownStoreException when there is none of that name
     */
    public int indexOf(String name) {
        for (int i = 0; i < stores.size(); i++) {
            if (stores.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new UnknownStoreException(name, names());
    }

    /** @return the store names, in order */
    public List<String> names() {
        return stores.stream().map(Store::name).toList();
    }

    /** @return the number of sensors over all stores */
    public int sensorCount() {
        return stores.stream().mapToInt(Store::sensorCount).sum();
    }

    /**
     * The sub-network of some stores, in this network's order.
     *
     * @param names store names; empty for all of them
     * @return the network of those stores
     * @throws UnknownStoreException naming the first unknown name
     */
    public StoreNetwork only(Collection<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        Map<String, Store> byName = new HashMap<>();
        stores.forEach(store -> byName.put(store.name(), store));
        for (String name : names) {
            if (!byName.containsKey(name)) {
                throw new UnknownStoreException(name, names());
            }
        }
        List<Store> kept = new ArrayList<>();
        for (Store store : stores) {
            if (names.contains(store.name())) {
                kept.add(store);
            }
        }
        return new StoreNetwork(kept);
    }
}
