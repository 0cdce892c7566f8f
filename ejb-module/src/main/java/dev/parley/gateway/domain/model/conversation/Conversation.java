package dev.parley.gateway.domain.model.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One conversation: one MLS group and its log.
 *
 * <p>Invariants: {@code lastSeq} is the seq of the newest log entry (0 for an empty log) and only grows, by one per
 * entry, while the row is locked; {@code epoch} is the MLS epoch of the group and grows by one per accepted commit;
 * {@code groupId} (hex) and {@code dmKey} are unique among conversations.
 */
@Entity
@Table(name = "conversation")
public class Conversation {

    @Id
    @Column(name = "id", length = 36, nullable = false, updatable = false)
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", length = 8, nullable = false, updatable = false)
    private ConversationKind kind;

    @Column(name = "name", length = 255)
    private String name;

    @Column(name = "group_id", length = 512, nullable = false, updatable = false)
    private String groupId;

    @Column(name = "dm_key", length = 130, updatable = false)
    private String dmKey;

    @Column(name = "epoch", nullable = false)
    private long epoch;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "pruned_seq", nullable = false)
    private long prunedSeq;

    @Column(name = "created_by", length = 64, nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Conversation() {
    }

    public Conversation(String id, ConversationKind kind, String name, String groupId, String dmKey, String createdBy,
            Instant createdAt) {
        this.id = id;
        this.kind = kind;
        this.name = name;
        this.groupId = groupId;
        this.dmKey = dmKey;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /** The key that makes a direct conversation unique per pair of users, whatever the order. */
    public static String dmKey(String userA, String userB) {
        return userA.compareTo(userB) < 0 ? userA + "|" + userB : userB + "|" + userA;
    }

    /** Takes the next {@code count} seqs and returns the first. Call only with the row locked. */
    public long allocate(int count) {
        long first = lastSeq + 1;
        lastSeq += count;
        return first;
    }

    /** Moves to the next epoch. Call only with the row locked. */
    public void advanceEpoch() {
        epoch++;
    }

    public String id() {
        return id;
    }

    public ConversationKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String groupId() {
        return groupId;
    }

    public long epoch() {
        return epoch;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** The highest seq deleted by retention (0: nothing deleted); entries after it are all kept. */
    public long prunedSeq() {
        return prunedSeq;
    }

    /** Records that the entries up to {@code seq} were deleted; never moves back. */
    public void pruned(long seq) {
        prunedSeq = Math.max(prunedSeq, seq);
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
