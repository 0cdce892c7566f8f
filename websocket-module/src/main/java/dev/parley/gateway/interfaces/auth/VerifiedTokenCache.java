package dev.parley.gateway.interfaces.auth;

import dev.parley.gateway.infrastructure.cache.ExpiringCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Access tokens that {@link AccessTokenVerifier} accepted, each until its own {@code exp}, so that a client's
 * repeated calls with the same token cost a SHA-256 and a map lookup instead of a signature check.
 *
 * <p>Invariants: an entry is keyed by the SHA-256 of the whole token (the token itself is not kept), so only the
 * exact token that was verified finds it; it is returned only while the clock is before the token's {@code exp};
 * at most {@code capacity} tokens are held ({@link ExpiringCache}). Refusals are never stored.
 */
final class VerifiedTokenCache {

    private static final HexFormat HEX = HexFormat.of();

    private final ExpiringCache<String, AuthenticatedUser> verified;

    VerifiedTokenCache(int capacity, Clock clock) {
        verified = new ExpiringCache<>(capacity, clock);
    }

    /** The key of a token: its SHA-256, hex. */
    static String keyOf(String token) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The user of a token accepted before, while the token has not expired. */
    Optional<AuthenticatedUser> find(String key) {
        return verified.get(key);
    }

    /** Remembers an accepted token until its expiry. */
    void put(String key, AuthenticatedUser user) {
        verified.put(key, user, user.tokenExpiresAt());
    }

    int size() {
        return verified.size();
    }
}
