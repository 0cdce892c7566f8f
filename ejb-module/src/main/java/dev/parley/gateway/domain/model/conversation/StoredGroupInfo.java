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
 * The GroupInfo (an MLSMessage, as received) of one epoch of a conversation's group, that epoch's interim
 * transcript hash and its public ratchet tree. Never changed.
 *
 * <p>Invariant: a GroupInfo is stored only after {@link GroupInfoCheck} tied it to the commit that created its epoch
 * (or, for epoch 0, to the new group), so its GroupContext is the one the next commit is signed over, and
 * {@code interimTranscriptHash} is the epoch's interim transcript hash (RFC 9420 §8.2), and {@code ratchetTree} the
 * epoch's tree ({@link dev.parley.protocol.mls.group.PublicTree#encode()}) whose hash is the GroupContext's tree_hash.
 */
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

    @Column(name = "interim_transcript_hash", updatable = false)
    private byte[] interimTranscriptHash;

    @Column(name = "ratchet_tree", updatable = false)
    private byte[] ratchetTree;

    protected StoredGroupInfo() {
    }

    public StoredGroupInfo(String conversationId, long epoch, byte[] message, GroupInfoCheck.CheckedEpoch checked,
            Instant createdAt) {
        this.conversationId = conversationId;
        this.epoch = epoch;
        this.message = message;
        this.interimTranscriptHash = checked.interimTranscriptHash().toByteArray();
        this.ratchetTree = checked.tree().map(tree -> tree.encode().toByteArray()).orElse(null);
        this.createdAt = createdAt;
    }

    public long epoch() {
        return epoch;
    }

    public byte[] message() {
        return message;
    }

    /** The epoch's interim transcript hash; empty for rows stored before it was kept (compute it from the GroupInfo). */
    public java.util.Optional<byte[]> interimTranscriptHash() {
        return java.util.Optional.ofNullable(interimTranscriptHash);
    }

    /** The epoch's ratchet tree; empty for rows stored before trees were kept. */
    public java.util.Optional<byte[]> ratchetTree() {
        return java.util.Optional.ofNullable(ratchetTree);
    }
}
