package dev.parley.keycloak.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The last {@code seq} handed out in the revocation feed: a single row ({@code ID = 'feed'}, inserted by the
 * changelog). Writers lock it for the rest of their transaction, which serialises appends; revocations are
 * rare, so the lock costs nothing noticeable.
 */
@Entity
@Table(name = "PARLEY_REVOCATION_HEAD")
public class FeedHeadEntity {

    public static final String ID = "feed";

    @Id
    @Column(name = "ID", length = 16)
    private String id;

    @Column(name = "LAST_SEQ", nullable = false)
    private long lastSeq;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public long getLastSeq() { return lastSeq; }
    public void setLastSeq(long lastSeq) { this.lastSeq = lastSeq; }
}
