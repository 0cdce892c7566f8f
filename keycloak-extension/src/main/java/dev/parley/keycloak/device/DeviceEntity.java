package dev.parley.keycloak.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Parley's own record of every device ever registered, revoked ones included. The {@code parley-device}
 * credential is what admins see and delete; this row outlives it so that the directory can show a device
 * as revoked and a device id or key is never registered twice.
 *
 * <p>Invariants: {@code (realmId, deviceKey)} and {@code (realmId, userId, deviceId)} are unique;
 * {@code revokedAt} is set once and never cleared.
 */
@Entity
@Table(name = "PARLEY_DEVICE")
@NamedQueries({
    @NamedQuery(name = "ParleyDevice.byUser",
            query = "select d from DeviceEntity d where d.realmId = :realmId and d.userId = :userId order by d.createdAt, d.deviceId"),
    @NamedQuery(name = "ParleyDevice.byUserAndDeviceId",
            query = "select d from DeviceEntity d where d.realmId = :realmId and d.userId = :userId and d.deviceId = :deviceId"),
    @NamedQuery(name = "ParleyDevice.countByKey",
            query = "select count(d) from DeviceEntity d where d.realmId = :realmId and d.deviceKey = :deviceKey"),
    @NamedQuery(name = "ParleyDevice.countActiveByUser",
            query = "select count(d) from DeviceEntity d where d.realmId = :realmId and d.userId = :userId and d.revokedAt is null"),
})
public class DeviceEntity {

    /** The id of the {@code parley-device} credential created with it. */
    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "USER_ID", nullable = false, length = 36)
    private String userId;

    @Column(name = "DEVICE_ID", nullable = false, length = 64)
    private String deviceId;

    @Column(name = "DEVICE_KEY", nullable = false, length = 64)
    private String deviceKey;

    @Column(name = "CERTIFICATE", nullable = false, length = 128)
    private String certificate;

    @Column(name = "CIPHER_SUITE", nullable = false)
    private int cipherSuite;

    @Column(name = "PLATFORM", length = 64)
    private String platform;

    @Column(name = "LABEL", length = 255)
    private String label;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "REVOCATION_REASON", length = 32)
    private String revocationReason;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getDeviceId() { return deviceId; }
    public void setDeviceId(String deviceId) { this.deviceId = deviceId; }
    public String getDeviceKey() { return deviceKey; }
    public void setDeviceKey(String deviceKey) { this.deviceKey = deviceKey; }
    public String getCertificate() { return certificate; }
    public void setCertificate(String certificate) { this.certificate = certificate; }
    public int getCipherSuite() { return cipherSuite; }
    public void setCipherSuite(int cipherSuite) { this.cipherSuite = cipherSuite; }
    public String getPlatform() { return platform; }
    public void setPlatform(String platform) { this.platform = platform; }
    public String getLabel() { return label; }
    public void setLabel(String label) { this.label = label; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Long revokedAt) { this.revokedAt = revokedAt; }
    public String getRevocationReason() { return revocationReason; }
    public void setRevocationReason(String revocationReason) { this.revocationReason = revocationReason; }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
