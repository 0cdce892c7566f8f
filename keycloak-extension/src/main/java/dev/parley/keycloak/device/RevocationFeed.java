package dev.parley.keycloak.device;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/**
 * The ordered feed of revocations that gateways read with a cursor ({@code seq} of the last entry seen).
 * Entries are never deleted or changed, so a gateway that was down catches up by reading on from its cursor.
 */
public class RevocationFeed {

    private final EntityManager entityManager;

    public RevocationFeed(KeycloakSession session) {
        this.entityManager = ParleyJpa.entityManager(session);
    }

    /** Appends the revocation of {@code device}; the caller's transaction holds the feed lock until commit. */
    public long append(DeviceEntity device, RevocationReason reason, long revokedAt) {
        FeedHeadEntity head = entityManager.find(FeedHeadEntity.class, FeedHeadEntity.ID, LockModeType.PESSIMISTIC_WRITE);
        long seq = head.getLastSeq() + 1;
        head.setLastSeq(seq);

        RevocationEntity entry = new RevocationEntity();
        entry.setSeq(seq);
        entry.setRealmId(device.getRealmId());
        entry.setUserId(device.getUserId());
        entry.setDeviceId(device.getDeviceId());
        entry.setDeviceKey(device.getDeviceKey());
        entry.setReason(reason.code());
        entry.setRevokedAt(revokedAt);
        entityManager.persist(entry);
        return seq;
    }

    /** Up to {@code limit} entries of the realm with {@code seq > after}, in {@code seq} order. */
    public List<RevocationEntity> after(String realmId, long after, int limit) {
        return entityManager.createNamedQuery("ParleyRevocation.after", RevocationEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("after", after)
                .setMaxResults(limit)
                .getResultList();
    }
}
