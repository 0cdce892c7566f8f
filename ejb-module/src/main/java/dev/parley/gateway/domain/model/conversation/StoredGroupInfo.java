package dev.parley.gateway.domain.model.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The GroupInfo (an MLSMessage, as received) of one epoch of a conversation's group. Never changed. */
@Entity
@Table(name = "group_info")
@IdClass(StoredGroupInfo.Key.class)
public class StoredGroupInfo {

    /** Primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String conversationId;
        long epoch;

        public Key() {
        }

        public Key(String conversationId, long epoch) {
            this.conversationId = conversationId;
            this.epoch = epoch;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.conversationId.equals(conversationId) && k.epoch == epoch;
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, epoch);
        }
    }

    @Id
    @Column(name = "conversation_id", length = 36, nullable = false, updatable = false)
    private String conversationId;

    @Id
    @Column(name = "epoch", nullable = false, updatable = false)
    private long epoch;

    @Column(name = "message", nullable = false, updatable = false)
    private byte[] message;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected StoredGroupInfo() {
    }

    public StoredGroupInfo(String conversationId, long epoch, byte[] message, Instant createdAt) {
        this.conversationId = conversationId;
        this.epoch = epoch;
        this.message = message;
        this.createdAt = createdAt;
    }

    public long epoch() {
        return epoch;
    }

    public byte[] message() {
        return message;
    }
}
