package dev.parley.gateway.application;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * When each absent user's last-seen bucket next ages, in time order, so that the sweep finds the users due
 * without looking at the others.
 *
 * <p>Invariants: at most one entry per user (a new time replaces the old one), so memory follows the number
 * of users seen within the last week; {@link #due} returns each entry exactly once.
 */
final class LastSeenAgingQueue {

    private record Due(long atMillis, String userId) {
    }

    private final ConcurrentSkipListSet<Due> queue = new ConcurrentSkipListSet<>(
            Comparator.comparingLong(Due::atMillis).thenComparing(Due::userId));
    private final ConcurrentMap<String, Long> scheduled = new ConcurrentHashMap<>();

    /** The user's bucket next ages at {@code atMillis} (replaces an earlier time). */
    void schedule(String userId, long atMillis) {
        scheduled.compute(userId, (user, previous) -> {
            if (previous != null) {
                queue.remove(new Due(previous, user));
            }
            queue.add(new Due(atMillis, user));
            return atMillis;
        });
    }

    /** The user's bucket does not age any more (present again, or {@code older}). */
    void cancel(String userId) {
        scheduled.computeIfPresent(userId, (user, at) -> {
            queue.remove(new Due(at, user));
            return null;
        });
    }

    /** Takes out the users whose time has come by {@code now}, earliest first. */
    List<String> due(long now) {
        List<String> users = new ArrayList<>();
        for (Due entry : List.copyOf(queue.headSet(new Due(now + 1, "")))) {
            scheduled.computeIfPresent(entry.userId(), (user, at) -> {
                if (at != entry.atMillis()) {
                    return at;
                }
                queue.remove(entry);
                users.add(user);
                return null;
            });
        }
        return users;
    }
}
