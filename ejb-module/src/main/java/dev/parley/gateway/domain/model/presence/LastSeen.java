package dev.parley.gateway.domain.model.presence;

import java.time.Duration;
import java.util.Locale;

/**
 * When a user was last visibly present, only ever as a coarse bucket, never a timestamp: {@code now} while
 * visibly present, then within the {@code hour}, {@code today} (24 h), this {@code week} (7 days), or
 * {@code older}.
 */
public enum LastSeen {
    NOW,
    HOUR,
    TODAY,
    WEEK,
    OLDER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The bucket of a user last seen {@code ago} (not present now). */
    public static LastSeen ago(Duration ago) {
        if (ago.compareTo(Duration.ofHours(1)) <= 0) {
            return HOUR;
        }
        if (ago.compareTo(Duration.ofDays(1)) <= 0) {
            return TODAY;
        }
        return ago.compareTo(Duration.ofDays(7)) <= 0 ? WEEK : OLDER;
    }
}
