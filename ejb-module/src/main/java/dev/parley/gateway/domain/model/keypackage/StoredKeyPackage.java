package dev.parley.gateway.domain.model.keypackage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One uploaded KeyPackage of one device, keyed by its KeyPackageRef (lower-case hex).
 *
 * <p>Invariants: {@code message} is the MLSMessage(KeyPackage) exactly as uploaded (base64url), validated
 * before it was stored; a one-time KeyPackage is handed out only by the claim that set {@code claimedAt} from
 * null, which also records the claiming user ({@code claimedByUser}, and its device when it named one); a one-time
 * KeyPackage is added to a group by at most one accepted commit, of the claiming user, which sets {@code usedAt}
 * (RFC 9420 §16.8); a last-resort KeyPackage is never claimed nor used up.
 */
@Entity
@Table(name = "key_package")
public class StoredKeyPackage {

    @Id
    @Column(name = "ref", length = 64, nullable = false, updatable = false)
    private String ref;

    @Column(name = "user_id", length = 64, nullable = false, updatable = false)
    private String userId;

    @Column(name = "device_id", length = 128, nullable = false, updatable = false)
    private String deviceId;

    @Column(name = "last_resort", nullable = false, updatable = false)
    private boolean lastResort;

    @Column(name = "message", length = 100000, nullable = false, updatable = false)
    private String message;

    @Column(name = "not_after", nullable = false, updatable = false)
    private Instant notAfter;

    @Column(name = "uploaded_at", nullable = false, updatable = false)
    private Instant uploadedAt;

    @Column(name = "claimed_at")
    private Instant claimedAt;

    @Column(name = "claimed_by_user", length = 64)
    private String claimedByUser;

    @Column(name = "claimed_by_device", length = 128)
    private String claimedByDevice;

    @Column(name = "used_at")
    private Instant usedAt;

    protected StoredKeyPackage() {
    }

    public StoredKeyPackage(String ref, String userId, String deviceId, boolean lastResort, String message,
            Instant notAfter, Instant uploadedAt) {
        this.ref = ref;
        this.userId = userId;
        this.deviceId = deviceId;
        this.lastResort = lastResort;
        this.message = message;
        this.notAfter = notAfter;
        this.uploadedAt = uploadedAt;
    }

    public String ref() {
        return ref;
    }

    public String userId() {
        return userId;
    }

    public String deviceId() {
        return deviceId;
    }

    public boolean lastResort() {
        return lastResort;
    }

    public String message() {
        return message;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public Instant claimedAt() {
        return claimedAt;
    }

    /** The user whose claim handed this one-time KeyPackage out; {@code null} while unclaimed. */
    public String claimedByUser() {
        return claimedByUser;
    }

    /** The claiming device, when the claim named one. */
    public String claimedByDevice() {
        return claimedByDevice;
    }

    /** When an accepted commit added this one-time KeyPackage to a group; {@code null} while unused. */
    public Instant usedAt() {
        return usedAt;
    }
}
