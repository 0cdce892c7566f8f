package dev.parley.gateway.domain.model.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a conversation's log: the opaque MLSMessage bytes as the sender sent them, stored once.
 *
 * <p>Invariants: {@code seq} is unique and gap-free per conversation; {@code msgId} (absent on Welcomes) is unique
 * per conversation; a Welcome names its target device and only that device may read it; its bytes are either here or,
 * for the Welcomes of a commit, in that commit's {@link CommitWelcome} ({@code welcome_seq}). Entries are never changed.
 */
@Entity
@Table(name = "conversation_entry")
@IdClass(LogEntry.Key.class)
public class LogEntry {

    /** Primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String conversationId;
        long seq;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.conversationId.equals(conversationId) && k.seq == seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, seq);
        }
    }

    @Id
    @Column(name = "conversation_id", length = 36, nullable = false, updatable = false)
    private String conversationId;

    @Id
    @Column(name = "seq", nullable = false, updatable = false)
    private long seq;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", length = 16, nullable = false, updatable = false)
    private EntryKind kind;

    @Column(name = "msg_id", length = 64, updatable = false)
    private String msgId;

    @Column(name = "epoch", nullable = false, updatable = false)
    private long epoch;

    @Column(name = "sender_user_id", length = 64, nullable = false, updatable = false)
    private String senderUserId;

    @Column(name = "sender_device_id", length = 128, nullable = false, updatable = false)
    private String senderDeviceId;

    @Column(name = "target_user_id", length = 64, updatable = false)
    private String targetUserId;

    @Column(name = "target_device_id", length = 128, updatable = false)
    private String targetDeviceId;

    @Column(name = "message", nullable = false, updatable = false)
    private byte[] message;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "welcome_seq", updatable = false)
    private Long welcomeSeq;

    protected LogEntry() {
    }

    public LogEntry(SequencedEntry entry, Instant createdAt) {
        this.conversationId = entry.conversationId();
        this.seq = entry.seq();
        this.kind = entry.kind();
        this.msgId = entry.msgId();
        this.epoch = entry.epoch();
        this.senderUserId = entry.senderUserId();
        this.senderDeviceId = entry.senderDeviceId();
        this.targetUserId = entry.targetUserId();
        this.targetDeviceId = entry.targetDeviceId();
        this.message = entry.message();
        this.createdAt = createdAt;
    }

    /**
     * A Welcome entry whose bytes are the {@link CommitWelcome} of the commit at {@code commitSeq}, stored once for
     * all the devices that commit adds: the entry itself keeps an empty message.
     */
    public static LogEntry welcomeOf(SequencedEntry entry, long commitSeq, Instant createdAt) {
        LogEntry reference = new LogEntry(entry, createdAt);
        reference.message = new byte[0];
        reference.welcomeSeq = commitSeq;
        return reference;
    }

    /** The entry as stored; a Welcome entry that refers to its commit's {@link CommitWelcome} has no bytes here. */
    public SequencedEntry view() {
        return new SequencedEntry(conversationId, seq, kind, msgId, epoch, senderUserId, senderDeviceId, targetUserId,
                targetDeviceId, message);
    }
}
