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
 * A user taking part in a conversation, with a {@link Role}. In a room a user takes part while at least one of
 * their devices is a member (the creator from the start); both users of a direct conversation always take part.
 */
@Entity
@Table(name = "conversation_user")
@IdClass(Participant.Key.class)
public class Participant {

    /** Primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String conversationId;
        String userId;

        public Key() {
        }

        public Key(String conversationId, String userId) {
            this.conversationId = conversationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.conversationId.equals(conversationId) && k.userId.equals(userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, userId);
        }
    }

    @Id
    @Column(name = "conversation_id", length = 36, nullable = false, updatable = false)
    private String conversationId;

    @Id
    @Column(name = "user_id", length = 64, nullable = false, updatable = false)
    private String userId;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", length = 8, nullable = false)
    private Role role;

    @Column(name = "since", nullable = false, updatable = false)
    private Instant since;

    protected Participant() {
    }

    public Participant(String conversationId, String userId, Role role, Instant since) {
        this.conversationId = conversationId;
        this.userId = userId;
        this.role = role;
        this.since = since;
    }

    public String conversationId() {
        return conversationId;
    }

    public String userId() {
        return userId;
    }

    public Role role() {
        return role;
    }

    public void role(Role role) {
        this.role = role;
    }

    public Instant since() {
        return since;
    }
}
