package dev.parley.gateway.interfaces.auth;

import java.security.Principal;
import java.time.Instant;

/**
 * The realm user behind a verified access token. {@link #getName()} is the Keycloak user id, the stable
 * {@code user_id} of the protocol (usernames can be renamed, ids cannot).
 */
public record AuthenticatedUser(String userId, String username, Instant tokenExpiresAt) implements Principal {

    @Override
    public String getName() {
        return userId;
    }
}
