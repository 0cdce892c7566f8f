package dev.parley.gateway.domain.model.contact;

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

/** One directed relation between two realm users (by Keycloak user id) and since when it holds. */
@Entity
@Table(name = "user_relation")
@IdClass(UserRelation.Key.class)
public class UserRelation {

    /** The primary key: who, to whom, what. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String fromUserId;
        private String toUserId;
        private RelationKind kind;

        protected Key() {
        }

        public Key(String fromUserId, String toUserId, RelationKind kind) {
            this.fromUserId = fromUserId;
            this.toUserId = toUserId;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(fromUserId, key.fromUserId)
                    && Objects.equals(toUserId, key.toUserId) && kind == key.kind;
        }

        @Override
        public int hashCode() {
            return Objects.hash(fromUserId, toUserId, kind);
        }
    }

    @Id
    @Column(name = "from_user_id", length = 64, nullable = false, updatable = false)
    private String fromUserId;

    @Id
    @Column(name = "to_user_id", length = 64, nullable = false, updatable = false)
    private String toUserId;

    @Id
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", length = 16, nullable = false, updatable = false)
    private RelationKind kind;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected UserRelation() {
    }

    public UserRelation(String fromUserId, String toUserId, RelationKind kind, Instant createdAt) {
        this.fromUserId = fromUserId;
        this.toUserId = toUserId;
        this.kind = kind;
        this.createdAt = createdAt;
    }

    public String fromUserId() {
        return fromUserId;
    }

    public String toUserId() {
        return toUserId;
    }

    public RelationKind kind() {
        return kind;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
