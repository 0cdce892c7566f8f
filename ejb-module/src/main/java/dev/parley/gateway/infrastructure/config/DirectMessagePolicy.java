package dev.parley.gateway.infrastructure.config;

import java.util.Locale;

/** The realm's rule for direct messages ({@code parley.dm-policy}). */
public enum DirectMessagePolicy {
    /** Any realm user may open a DM with any other (an intranet directory). */
    DIRECTORY,
    /** A DM needs an accepted contact. */
    CONTACTS;

    static DirectMessagePolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("parley.dm-policy must be 'directory' or 'contacts', not '" + value + "'");
        }
    }
}
