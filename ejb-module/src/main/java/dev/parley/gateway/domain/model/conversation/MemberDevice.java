package dev.parley.gateway.domain.model.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A device in a conversation's MLS group, at a leaf index assigned by RFC 9420's rules (see {@link LeafIndexes}).
 *
 * <p>Invariants: while {@code leftSeq} is null the device is a member and no other member has its leaf index;
 * it may read the log entries with {@code joinedSeq < seq} (and {@code seq <= leftSeq} once it has left, so it
 * still sees the commit that removed it). Re-adding a device that left starts a new membership in the same row.
 */
@Entity
@Table(name = "conversation_member")
@IdClass(MemberDevice.Key.class)
public class MemberDevice {

    /** Primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String conversationId;
        String userId;
        String deviceId;

        public Key() {
        }

        public Key(String conversationId, String userId, String deviceId) {
            this.conversationId = conversationId;
            this.userId = userId;
            this.deviceId = deviceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.conversationId.equals(conversationId) && k.userId.equals(userId)
                    && k.deviceId.equals(deviceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, userId, deviceId);
        }
    }

    @Id
    @Column(name = "conversation_id", length = 36, nullable = false, updatable = false)
    private String conversationId;

    @Id
    @Column(name = "user_id", length = 64, nullable = false, updatable = false)
    private String userId;

    @Id
    @Column(name = "device_id", length = 128, nullable = false, updatable = false)
    private String deviceId;

    @Column(name = "leaf_index", nullable = false)
    private long leafIndex;

    @Column(name = "joined_seq", nullable = false)
    private long joinedSeq;

    @Column(name = "left_seq")
    private Long leftSeq;

    protected MemberDevice() {
    }

    public MemberDevice(String conversationId, String userId, String deviceId, long leafIndex, long joinedSeq) {
        this.conversationId = conversationId;
        this.userId = userId;
        this.deviceId = deviceId;
        this.leafIndex = leafIndex;
        this.joinedSeq = joinedSeq;
    }

    /** Whether the device is a member now. */
    public boolean active() {
        return leftSeq == null;
    }

    /** Whether the device may read the entry at {@code seq}. */
    public boolean sees(long seq) {
        return seq > joinedSeq && (leftSeq == null || seq <= leftSeq);
    }

    /** The device leaves the group with the commit at {@code seq}. */
    public void leave(long seq) {
        leftSeq = seq;
    }

    /** The device (back) in the group at {@code leafIndex}, from the commit at {@code seq} on. */
    public void rejoin(long leafIndex, long seq) {
        this.leafIndex = leafIndex;
        this.joinedSeq = seq;
        this.leftSeq = null;
    }

    /** The device re-joined by an external commit: same membership, new leaf. */
    public void moveTo(long leafIndex) {
        this.leafIndex = leafIndex;
    }

    public String conversationId() {
        return conversationId;
    }

    public String userId() {
        return userId;
    }

    public String deviceId() {
        return deviceId;
    }

    public long leafIndex() {
        return leafIndex;
    }

    public long joinedSeq() {
        return joinedSeq;
    }

    public Long leftSeq() {
        return leftSeq;
    }

    /**
     * The first seq this device can still read after {@code after} when retention deleted entries it had not read
     * ({@code pruned} is the conversation's {@code pruned_seq}); {@code null} when nothing it may read is missing.
     */
    public Long firstAvailableAfter(long after, long pruned) {
        boolean missing = pruned > Math.max(after, joinedSeq) && (leftSeq == null || leftSeq > pruned);
        return missing ? pruned + 1 : null;
    }
}
