package dev.parley.client.store;

import java.time.Instant;

/** Another user's identity key as this client first saw (or last accepted) it. */
public record KnownIdentity(String userId, String username, String fingerprint, String publicKey, Instant firstSeen,
                            Instant lastSeen) {
}
