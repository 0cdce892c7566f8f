package dev.parley.keycloak.device;

import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.tls.Bytes;
import java.security.SecureRandom;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Single-use, expiring challenges for proofs of possession, in Keycloak's {@link SingleUseObjectProvider}
 * (cluster-wide). Invariant: a challenge is accepted at most once, only for the user it was issued to,
 * and only before it expires; a failed attempt uses it up too.
 */
public class ChallengeStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_PREFIX = "parley-challenge:";
    private static final String REALM = "realm";
    private static final String USER = "user";

    private final SingleUseObjectProvider singleUse;
    private final KeycloakSessionFactory sessions;

    public ChallengeStore(KeycloakSession session) {
        this.singleUse = session.singleUseObjects();
        this.sessions = session.getKeycloakSessionFactory();
    }

    /** A new 32-byte challenge for {@code user}. */
    public Bytes issue(RealmModel realm, UserModel user, int ttlSeconds) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        Bytes bytes = Bytes.of(challenge);
        singleUse.put(key(bytes), ttlSeconds, Map.of(REALM, realm.getId(), USER, user.getId()));
        return bytes;
    }

    /**
     * Uses the challenge up, in a transaction of its own, so that it stays used when the registration it serves is
     * rejected and rolled back.
     *
     * @throws ParleyException {@code challenge_invalid} unless the challenge is live and was issued to {@code user}
     */
    public void consume(RealmModel realm, UserModel user, Bytes challenge) {
        Map<String, String> issuedTo = KeycloakModelUtils.runJobInTransactionWithResult(sessions,
                session -> session.singleUseObjects().remove(key(challenge)));
        if (issuedTo == null || !realm.getId().equals(issuedTo.get(REALM)) || !user.getId().equals(issuedTo.get(USER))) {
            throw new ParleyException(ParleyError.CHALLENGE_INVALID);
        }
    }

    private static String key(Bytes challenge) {
        return KEY_PREFIX + Base64Url.encode(challenge);
    }
}
