package dev.parley.gateway.domain.model.presence;

import dev.parley.gateway.domain.model.push.PushFrame;

/**
 * The frame pushed to a watching device when a watched user's presence changes:
 * {@code {"type": "presence", "user_id", "status", "last_seen"}} ({@code last_seen} absent when unknown).
 */
public record PresencePush(String type, String userId, String status, String lastSeen) implements PushFrame {

    public static PresencePush of(String userId, PresenceView view) {
        PresenceEntry entry = PresenceEntry.of(userId, view);
        return new PresencePush("presence", userId, entry.status(), entry.lastSeen());
    }
}
