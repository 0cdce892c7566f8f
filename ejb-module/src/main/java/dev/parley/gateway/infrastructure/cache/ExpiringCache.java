package dev.parley.gateway.infrastructure.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded in-memory cache whose entries each end at their own time. Thread-safe; reads take no lock.
 *
 * <p>Invariants: an entry is returned only while the clock is before its end; at most {@code capacity} entries
 * are held: adding to a full cache first drops the ended entries (at most once a second), then arbitrary ones.
 */
public final class ExpiringCache<K, V> {

    private record Entry<V>(V value, Instant endsAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();
    private final int capacity;
    private final Clock clock;

    public ExpiringCache(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The value of {@code key}, unless there is none or it has ended. */
    public Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.endsAt())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** Holds {@code value} for {@code key} until {@code endsAt} (not at all when that has passed). */
    public void put(K key, V value, Instant endsAt) {
        Instant now = clock.instant();
        if (!now.isBefore(endsAt)) {
            return;
        }
        if (entries.size() >= capacity && !entries.containsKey(key)) {
            makeRoom(now);
        }
        entries.put(key, new Entry<>(value, endsAt));
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public int size() {
        return entries.size();
    }

    public Instant now() {
        return clock.instant();
    }

    private void makeRoom(Instant now) {
        long previous = lastSweep.get();
        if (now.toEpochMilli() - previous >= 1000 && lastSweep.compareAndSet(previous, now.toEpochMilli())) {
            entries.values().removeIf(entry -> !now.isBefore(entry.endsAt()));
        }
        Iterator<K> keys = entries.keySet().iterator();
        while (entries.size() >= capacity && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
