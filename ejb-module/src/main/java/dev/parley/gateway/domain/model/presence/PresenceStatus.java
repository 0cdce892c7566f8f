package dev.parley.gateway.domain.model.presence;

import java.util.Locale;

/**
 * What a device says about its user's availability, and what a watcher sees. Declared from best to worst:
 * a user's status is the best of their devices' ({@code online} beats {@code busy} beats {@code away}).
 */
public enum PresenceStatus {
    ONLINE,
    BUSY,
    AWAY,
    /** No live lease, invisible, or not visible to the watcher. Never set by a device. */
    OFFLINE;

    /** The wire name, e.g. {@code online}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A status a device may set ({@code online}, {@code away}, {@code busy}), or {@code null} for anything else. */
    public static PresenceStatus settable(String wire) {
        for (PresenceStatus status : values()) {
            if (status != OFFLINE && status.wire().equals(wire)) {
                return status;
            }
        }
        return null;
    }

    boolean betterThan(PresenceStatus other) {
        return ordinal() < other.ordinal();
    }
}
