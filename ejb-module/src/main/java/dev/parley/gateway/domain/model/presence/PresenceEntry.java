package dev.parley.gateway.domain.model.presence;

/**
 * One user's presence on the wire, as snapshots list it: {@code {"user_id", "status", "last_seen"}}
 * ({@code last_seen} absent when unknown or hidden).
 */
public record PresenceEntry(String userId, String status, String lastSeen) {

    public static PresenceEntry of(String userId, PresenceView view) {
        return new PresenceEntry(userId, view.status().wire(), view.lastSeen() == null ? null : view.lastSeen().wire());
    }
}
