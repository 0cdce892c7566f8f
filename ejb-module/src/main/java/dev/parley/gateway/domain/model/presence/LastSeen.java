package dev.parley.gateway.domain.model.presence;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

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

    private static final List<Duration> BOUNDS = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The bucket of a user last seen {@code ago} (not present now). */
    public static LastSeen ago(Duration ago) {
        for (int i = 0; i < BOUNDS.size(); i++) {
            if (ago.compareTo(BOUNDS.get(i)) <= 0) {
                return values()[HOUR.ordinal() + i];
            }
        }
        return OLDER;
    }

    /**
     * The first moment after {@code now} (epoch ms) at which the bucket of a user last seen at {@code lastSeenAt}
     * changes by aging alone; empty once it is {@code older}, which never changes.
     */
    public static OptionalLong nextChangeAfter(long lastSeenAt, long now) {
        for (Duration bound : BOUNDS) {
            long changesAt = lastSeenAt + bound.toMillis() + 1;
            if (changesAt > now) {
                return OptionalLong.of(changesAt);
            }
        }
        return OptionalLong.empty();
    }
}
