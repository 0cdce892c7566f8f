package dev.parley.gateway.domain.model.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The Welcome (an MLSMessage, as received) of one accepted commit, stored once however many devices the commit adds.
 * Each added device reads it through its own Welcome entry of the log ({@link LogEntry#welcomeOf}), which names the
 * commit's seq. Never changed.
 *
 * <p>Invariant: a row exists while a Welcome entry of the log refers to it; retention deletes it with the last of them.
 */
@Entity
@Table(name = "commit_welcome")
@IdClass(CommitWelcome.Key.class)
public class CommitWelcome {

    /** Primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String conversationId;
        long commitSeq;

        public Key() {
        }

        public Key(String conversationId, long commitSeq) {
            this.conversationId = conversationId;
            this.commitSeq = commitSeq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.conversationId.equals(conversationId) && k.commitSeq == commitSeq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, commitSeq);
        }
    }

    @Id
    @Column(name = "conversation_id", length = 36, nullable = false, updatable = false)
    private String conversationId;

    @Id
    @Column(name = "commit_seq", nullable = false, updatable = false)
    private long commitSeq;

    @Column(name = "message", nullable = false, updatable = false)
    private byte[] message;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected CommitWelcome() {
    }

    public CommitWelcome(String conversationId, long commitSeq, byte[] message, Instant createdAt) {
        this.conversationId = conversationId;
        this.commitSeq = commitSeq;
        this.message = message;
        this.createdAt = createdAt;
    }

    public byte[] message() {
        return message;
    }
}
