package dev.parley.gateway.infrastructure.persistence;

import dev.parley.gateway.domain.model.keypackage.StoredKeyPackage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads and writes {@link StoredKeyPackage}s. Callers provide the transaction. Claims are
 * {@link KeyPackageClaimStore}'s.
 */
@ApplicationScoped
public class KeyPackageStore {

    @PersistenceContext(unitName = "parley")
    EntityManager entityManager;

    public boolean exists(String ref) {
        return entityManager.find(StoredKeyPackage.class, ref) != null;
    }

    public void add(StoredKeyPackage keyPackage) {
        entityManager.persist(keyPackage);
    }

    /** Deletes the device's last-resort KeyPackage(s) other than {@code keepRef}. */
    public int deleteLastResortExcept(String userId, String deviceId, String keepRef) {
        return entityManager.createQuery("delete from StoredKeyPackage k where k.userId = :user and k.deviceId = :device"
                        + " and k.lastResort = true and k.ref <> :keep")
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .setParameter("keep", keepRef)
                .executeUpdate();
    }

    /** Unclaimed, unexpired one-time KeyPackages of the device. */
    public long countAvailable(String userId, String deviceId, Instant now) {
        return entityManager.createQuery("select count(k) from StoredKeyPackage k where k.userId = :user"
                        + " and k.deviceId = :device and k.lastResort = false and k.claimedAt is null and k.notAfter > :now", Long.class)
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .setParameter("now", now)
                .getSingleResult();
    }

    /**
     * Marks a claimed one-time KeyPackage used by an accepted commit, in the caller's (the commit's) transaction;
     * {@code true} for exactly one caller per KeyPackage: a concurrent commit waits for the row and then sees
     * {@code used_at} set.
     */
    public boolean use(String ref, Instant now) {
        return entityManager.createQuery("update StoredKeyPackage k set k.usedAt = :now"
                        + " where k.ref = :ref and k.usedAt is null and k.claimedAt is not null and k.lastResort = false")
                .setParameter("now", now)
                .setParameter("ref", ref)
                .executeUpdate() == 1;
    }

    /** The KeyPackage with this ref (lower-case hex), claimed or not. */
    public Optional<StoredKeyPackage> find(String ref) {
        return Optional.ofNullable(entityManager.find(StoredKeyPackage.class, ref));
    }

    /** The MLSMessage (base64url) of a KeyPackage. */
    public String message(String ref) {
        return entityManager.createQuery("select k.message from StoredKeyPackage k where k.ref = :ref", String.class)
                .setParameter("ref", ref)
                .getSingleResult();
    }

    /** The device's unexpired last-resort KeyPackage, if any. */
    public Optional<StoredKeyPackage> lastResort(String userId, String deviceId, Instant now) {
        return entityManager.createQuery("select k from StoredKeyPackage k where k.userId = :user and k.deviceId = :device"
                        + " and k.lastResort = true and k.notAfter > :now order by k.uploadedAt desc", StoredKeyPackage.class)
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .setParameter("now", now)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /** Deletes every KeyPackage of the device; returns how many. */
    public int deleteDevice(String userId, String deviceId) {
        return entityManager.createQuery("delete from StoredKeyPackage k where k.userId = :user and k.deviceId = :device")
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .executeUpdate();
    }

    /** Deletes every KeyPackage whose lifetime ended before {@code now}; returns how many. */
    public int deleteExpired(Instant now) {
        return entityManager.createQuery("delete from StoredKeyPackage k where k.notAfter <= :now")
                .setParameter("now", now)
                .executeUpdate();
    }
}
