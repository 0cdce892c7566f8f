package dev.parley.keycloak.device;

import java.util.Locale;

/** Why a device was revoked, as the feed and the directory name it. */
public enum RevocationReason {
    /** The user revoked it through the REST API. */
    DEVICE_REVOKED,
    /** Its {@code parley-device} credential was deleted (admin console or admin REST API). */
    DEVICE_DELETED,
    /** The user's identity key was reset (by the user or by deleting the {@code parley-identity} credential). */
    IDENTITY_RESET,
    USER_DISABLED,
    USER_DELETED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
