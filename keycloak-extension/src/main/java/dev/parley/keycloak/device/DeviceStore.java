package dev.parley.keycloak.device;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;

/** Reads and writes {@link DeviceEntity} rows in the session's transaction. */
public class DeviceStore {

    private final EntityManager entityManager;

    public DeviceStore(KeycloakSession session) {
        this.entityManager = ParleyJpa.entityManager(session);
    }

    /** Every device of the user, revoked ones included, oldest first. */
    public List<DeviceEntity> devicesOf(String realmId, String userId) {
        return entityManager.createNamedQuery("ParleyDevice.byUser", DeviceEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultList();
    }

    public Optional<DeviceEntity> find(String realmId, String userId, String deviceId) {
        return entityManager.createNamedQuery("ParleyDevice.byUserAndDeviceId", DeviceEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setParameter("deviceId", deviceId)
                .getResultStream()
                .findFirst();
    }

    /** Whether any device of the realm, revoked or not, ever had this key. */
    public boolean keyExists(String realmId, String deviceKey) {
        return entityManager.createNamedQuery("ParleyDevice.countByKey", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("deviceKey", deviceKey)
                .getSingleResult() > 0;
    }

    public long countActive(String realmId, String userId) {
        return entityManager.createNamedQuery("ParleyDevice.countActiveByUser", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getSingleResult();
    }

    /** Inserts now, so that a concurrent duplicate fails here rather than at commit. */
    public void insert(DeviceEntity device) {
        entityManager.persist(device);
        entityManager.flush();
    }
}
