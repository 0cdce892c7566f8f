package dev.parley.gateway.interfaces.rest;

/** What a {@code user_id} (a Keycloak user id) may look like on the wire. */
public final class UserIds {

    /** Keycloak ids are UUIDs; federated realms may use other opaque ids of this alphabet. */
    public static final String PATTERN = "[A-Za-z0-9._@:-]{1,64}";
    public static final String MESSAGE = "must be a user id (1 to 64 letters, digits or . _ @ : -)";

    private UserIds() {
    }
}
