package dev.parley.gateway.domain.model.presence;

/**
 * A user's presence as one watcher may see it. {@code lastSeen} is {@code null} when unknown: never seen
 * since this gateway started, or not to be shown to this watcher (a hidden user looks exactly like that).
 */
public record PresenceView(PresenceStatus status, LastSeen lastSeen) {

    /** What a watcher who may not see the user gets: offline, no last seen. */
    public static final PresenceView HIDDEN = new PresenceView(PresenceStatus.OFFLINE, null);
}
