package dev.parley.gateway.application;

import dev.parley.gateway.infrastructure.cache.ExpiringCache;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Whether two users are blocked either way, remembered per unordered pair so that the claims and commits that
 * ask it on every request read the database only the first time ({@link ContactManager#blockedEitherWay}).
 *
 * <p>Invariants: {@link ContactManager} invalidates a pair after every committed change of its relation (block,
 * unblock, contact made or ended), so this node answers the new state from then on; an answer loaded while any
 * invalidation happened is returned but never kept, so a load that read the state before a change cannot outlive
 * it; at most {@link #CAPACITY} pairs are held, each at most {@link #TIME_TO_LIVE} (what bounds how long another
 * node's change may go unseen when several gateways share one database).
 */
final class BlockCache {

    static final int CAPACITY = 10_000;
    static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);

    private record Pair(String first, String second) {
        static Pair of(String a, String b) {
            return a.compareTo(b) <= 0 ? new Pair(a, b) : new Pair(b, a);
        }
    }

    private final ExpiringCache<Pair, Boolean> blocked;
    private long generation;

    BlockCache(Clock clock) {
        blocked = new ExpiringCache<>(CAPACITY, clock);
    }

    /** The cached answer for the pair, else {@code load}'s (kept unless the cache was invalidated meanwhile). */
    boolean blockedEitherWay(String a, String b, BooleanSupplier load) {
        Pair pair = Pair.of(a, b);
        Boolean known = blocked.get(pair).orElse(null);
        if (known != null) {
            return known;
        }
        long before;
        synchronized (this) {
            before = generation;
        }
        boolean loaded = load.getAsBoolean();
        synchronized (this) {
            if (generation == before) {
                blocked.put(pair, loaded, blocked.now().plus(TIME_TO_LIVE));
            }
        }
        return loaded;
    }

    /** Forgets the pair; call it after a change of the two users' relation committed. */
    void invalidate(String a, String b) {
        synchronized (this) {
            generation++;
            blocked.remove(Pair.of(a, b));
        }
    }
}
