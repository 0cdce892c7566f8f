package dev.parley.gateway.infrastructure.presence;

import dev.parley.gateway.domain.model.presence.PresenceStore;
import dev.parley.gateway.domain.model.presence.UserPresence;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * {@link PresenceStore} in this node's memory. Users without leases keep only their last-seen time (and the
 * invisible flag); nothing is ever written to disk.
 */
@ApplicationScoped
public class InMemoryPresenceStore implements PresenceStore {

    private final ConcurrentMap<String, UserPresence> users = new ConcurrentHashMap<>();
    private final Set<String> withLeases = ConcurrentHashMap.newKeySet();

    @Override
    public UserPresence get(String userId) {
        return users.getOrDefault(userId, UserPresence.NONE);
    }

    @Override
    public UserPresence update(String userId, UnaryOperator<UserPresence> change) {
        UserPresence updated = users.compute(userId, (id, current) -> {
            UserPresence next = change.apply(current == null ? UserPresence.NONE : current);
            if (next.hasLeases()) {
                withLeases.add(id);
            } else {
                withLeases.remove(id);
            }
            return next.equals(UserPresence.NONE) ? null : next;
        });
        return updated == null ? UserPresence.NONE : updated;
    }

    @Override
    public Set<String> usersWithLeases() {
        return Set.copyOf(withLeases);
    }

    /** How many users this node knows anything about. */
    public int size() {
        return users.size();
    }
}
