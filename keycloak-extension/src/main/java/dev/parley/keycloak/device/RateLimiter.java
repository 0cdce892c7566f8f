package dev.parley.keycloak.device;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Per-user, per-minute limits (fixed windows) kept in Keycloak's {@link SingleUseObjectProvider}, so they
 * hold across the cluster. The count is read and rewritten, not compared-and-set: concurrent requests may
 * slip a few over the limit, which is fine for abuse control.
 */
public class RateLimiter {

    private static final long WINDOW_SECONDS = 60;
    private static final String COUNT = "n";

    /** What is limited; the name is part of the key. */
    public enum Action {
        CHALLENGE, REGISTRATION
    }

    private final KeycloakSessionFactory sessions;

    public RateLimiter(KeycloakSession session) {
        this.sessions = session.getKeycloakSessionFactory();
    }

    /**
     * Counts one attempt, in a transaction of its own: the attempt counts even when the request it belongs to is
     * rejected later and its transaction rolled back.
     *
     * @throws ParleyException {@code rate_limited} if the user already used {@code perMinute} in this minute
     */
    public void acquire(RealmModel realm, UserModel user, Action action, int perMinute) {
        long window = System.currentTimeMillis() / 1000 / WINDOW_SECONDS;
        String key = "parley-rate:" + action + ":" + realm.getId() + ":" + user.getId() + ":" + window;
        boolean allowed = KeycloakModelUtils.runJobInTransactionWithResult(sessions,
                session -> take(session.singleUseObjects(), key, perMinute));
        if (!allowed) {
            throw new ParleyException(ParleyError.RATE_LIMITED,
                    "At most " + perMinute + " " + action.name().toLowerCase(Locale.ROOT)
                            + " requests per minute. Wait a minute and retry.");
        }
    }

    private static boolean take(SingleUseObjectProvider store, String key, int perMinute) {
        Map<String, String> current = store.get(key);
        int used = current == null ? 0 : Integer.parseInt(current.getOrDefault(COUNT, "0"));
        if (used >= perMinute) {
            return false;
        }
        // put, not replace: replace would drop the entry's lifespan and keep it forever
        store.put(key, WINDOW_SECONDS, Map.of(COUNT, Integer.toString(used + 1)));
        return true;
    }
}
