package dev.parley.gateway.domain.model.presence;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where the users' {@link UserPresence} is kept: in memory, never in the database or the message log. This
 * node's implementation is a map; a cluster implements the same contract with a replicated cache
 * (Infinispan's {@code compute}).
 *
 * <p>Invariant: {@link #update} applies {@code change} atomically per user: concurrent updates of one user
 * are never lost.
 */
public interface PresenceStore {

    /** The user's presence; {@link UserPresence#NONE} when nothing is known. */
    UserPresence get(String userId);

    /** Applies {@code change} atomically to the user's presence and returns the result. */
    UserPresence update(String userId, UnaryOperator<UserPresence> change);

    /** The users holding at least one lease (for sweeping expired ones). */
    Set<String> usersWithLeases();
}
