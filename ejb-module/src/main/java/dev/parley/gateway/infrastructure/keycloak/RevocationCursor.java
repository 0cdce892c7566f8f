package dev.parley.gateway.infrastructure.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** How far this gateway has applied a revocation feed: every entry up to {@code lastSeq} was applied. */
@Entity
@Table(name = "revocation_cursor")
public class RevocationCursor {

    @Id
    @Column(name = "feed", length = 64, nullable = false, updatable = false)
    private String feed;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RevocationCursor() {
    }

    RevocationCursor(String feed, long lastSeq, Instant updatedAt) {
        this.feed = feed;
        this.lastSeq = lastSeq;
        this.updatedAt = updatedAt;
    }

    long lastSeq() {
        return lastSeq;
    }

    void advanceTo(long seq, Instant at) {
        if (seq > lastSeq) {
            lastSeq = seq;
            updatedAt = at;
        }
    }
}
