package dev.parley.gateway.infrastructure.config;

import java.util.Locale;

/** The realm's presence policy ({@code parley.presence.visibility}): whose presence a user may see. */
public enum PresenceVisibility {
    /** Accepted contacts only. */
    CONTACTS,
    /** Every user of the realm (an intranet directory). */
    REALM;

    /** The policy named {@code value}; anything unknown falls back to the stricter {@link #CONTACTS}. */
    static PresenceVisibility of(String value) {
        return "realm".equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT)) ? REALM : CONTACTS;
    }
}
