package dev.parley.gateway.domain.model.conversation;

import java.util.Locale;

/** Who may open a direct conversation with whom (setting {@code parley.dm.policy}). Blocks always refuse. */
public enum DmPolicy {
    /** Any user of the realm may open one with any other. */
    DIRECTORY,
    /** Only users who are contacts (an accepted contact request). */
    CONTACTS;

    /** The policy named {@code value} ({@code directory} or {@code contacts}, any case). */
    public static DmPolicy parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
