package dev.parley.keycloak.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One entry of the revocation feed: device {@code deviceId} of {@code userId} is revoked.
 *
 * <p>Invariant: {@code seq} is allocated under the lock of {@link FeedHeadEntity}, so entries become visible
 * in {@code seq} order and a reader that remembers the last {@code seq} it saw never misses one.
 */
@Entity
@Table(name = "PARLEY_REVOCATION")
@NamedQueries({
    @NamedQuery(name = "ParleyRevocation.after",
            query = "select r from RevocationEntity r where r.realmId = :realmId and r.seq > :after order by r.seq"),
})
public class RevocationEntity {

    @Id
    @Column(name = "SEQ")
    private long seq;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "USER_ID", nullable = false, length = 36)
    private String userId;

    @Column(name = "DEVICE_ID", nullable = false, length = 64)
    private String deviceId;

    @Column(name = "DEVICE_KEY", nullable = false, length = 64)
    private String deviceKey;

    @Column(name = "REASON", nullable = false, length = 32)
    private String reason;

    @Column(name = "REVOKED_AT", nullable = false)
    private long revokedAt;

    public long getSeq() { return seq; }
    public void setSeq(long seq) { this.seq = seq; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getDeviceId() { return deviceId; }
    public void setDeviceId(String deviceId) { this.deviceId = deviceId; }
    public String getDeviceKey() { return deviceKey; }
    public void setDeviceKey(String deviceKey) { this.deviceKey = deviceKey; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public long getRevokedAt() { return revokedAt; }
    public void setRevokedAt(long revokedAt) { this.revokedAt = revokedAt; }
}
