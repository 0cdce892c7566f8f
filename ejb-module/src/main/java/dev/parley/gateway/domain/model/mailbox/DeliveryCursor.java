package dev.parley.gateway.domain.model.mailbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * How far one device acknowledged one conversation's log.
 *
 * <p>Invariant: {@code ackedSeq} never decreases ({@link #advance} keeps the maximum).
 */
@Entity
@Table(name = "delivery_cursor")
@IdClass(DeliveryCursor.Key.class)
public class DeliveryCursor {

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

    @Column(name = "acked_seq", nullable = false)
    private long ackedSeq;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected DeliveryCursor() {
    }

    public DeliveryCursor(String conversationId, String userId, String deviceId, long ackedSeq, Instant now) {
        this.conversationId = conversationId;
        this.userId = userId;
        this.deviceId = deviceId;
        this.ackedSeq = ackedSeq;
        this.updatedAt = now;
    }

    /** Moves the cursor to {@code seq} if that is further; returns the cursor. */
    public long advance(long seq, Instant now) {
        if (seq > ackedSeq) {
            ackedSeq = seq;
            updatedAt = now;
        }
        return ackedSeq;
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

    public long ackedSeq() {
        return ackedSeq;
    }
}
