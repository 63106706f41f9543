package org.sensorsandmore.http.dashboard;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers already computed, keyed by path and query string, so a page reload, a tab switch, a
 * shared link or the CSV of the table just shown costs no query. An answer is served again only
 * while the warehouse's coverage (stores, sensors, hours and reading counts) is unchanged, so a new
 * ingest shows at once, and for at most a time to live, which bounds how long a correction of
 * already stored readings (same keys, same counts) can go unseen. Least recently used answers go
 * first when the cache is full. Thread-safe.
 */
final class ResponseCache {
    /** Larger answers are not kept: they are rare and would crowd out the rest. */
    static final int MAX_ANSWER_BYTES = 8 << 20;

    static final long MAX_BYTES = 64L << 20;

    private static final int MAX_ENTRIES = 256;

    record Answer(int status, String contentType, String disposition, byte[] body) {}

    private record Entry(Answer answer, Object stamp, long createdNanos) {}

    private final long ttlNanos;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** @param ttlNanos how long an answer may be served again; 0 disables the cache */
    ResponseCache(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /**
     * @param stamp what the data looked like when asked (the coverage)
     * @return the answer kept for this key and stamp, or null
     */
    synchronized Answer get(String key, Object stamp, long nowNanos) {
        if (ttlNanos == 0) {
            return null;
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!entry.stamp().equals(stamp) || nowNanos - entry.createdNanos() > ttlNanos) {
            remove(key);
            return null;
        }
        return entry.answer();
    }

    synchronized void put(String key, Object stamp, long nowNanos, Answer answer) {
        if (ttlNanos == 0 || answer.status() != 200 || answer.body().length > MAX_ANSWER_BYTES) {
            return;
        }
        remove(key);
        entries.put(key, new Entry(answer, stamp, nowNanos));
        bytes += answer.body().length;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while ((bytes > MAX_BYTES || entries.size() > MAX_ENTRIES) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().answer().body().length;
            eldest.remove();
        }
    }

    private void remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= old.answer().body().length;
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
