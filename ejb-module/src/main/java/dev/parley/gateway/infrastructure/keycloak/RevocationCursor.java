package dev.parley.gateway.infrastructure.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** How far one node has applied a revocation feed: every entry up to {@code lastSeq} was applied by that node. */
@Entity
@Table(name = "revocation_cursor")
@IdClass(RevocationCursor.Key.class)
public class RevocationCursor {

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String feed;
        String nodeName;

        public Key() {
        }

        public Key(String feed, String nodeName) {
            this.feed = feed;
            this.nodeName = nodeName;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.feed.equals(feed) && k.nodeName.equals(nodeName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(feed, nodeName);
        }
    }

    @Id
    @Column(name = "feed", length = 64, nullable = false, updatable = false)
    private String feed;

    @Id
    @Column(name = "node_name", length = 128, nullable = false, updatable = false)
    private String nodeName;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RevocationCursor() {
    }

    RevocationCursor(String feed, String nodeName, long lastSeq, Instant updatedAt) {
        this.feed = feed;
        this.nodeName = nodeName;
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
