package dev.parley.keycloak.rest;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import java.util.Arrays;
import java.util.Set;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.AccessToken;

/**
 * What the Authentication Service asks of a bearer token on top of Keycloak's own check (signature with the realm's
 * keys, issuer, active session): each failure has its own {@link ParleyError}.
 *
 * <p>Invariants: a token opens the API only if it is a compact JWS signed with an asymmetric algorithm (never
 * {@code none}, never HMAC: the realm signs access tokens with its RSA/EC keys, and an HMAC "signed" with a public key
 * proves nothing), its {@code typ} is an access token's ({@code Bearer}, or {@code DPoP} for a DPoP-bound one), and
 * it was issued for Parley: its {@code aud} names the Parley audience, or it was issued to that client itself
 * ({@code azp}, the gateway's service account).
 */
final class TokenChecks {

    /** Access-token types Keycloak issues; an ID token is {@code ID}, a refresh token {@code Refresh}. */
    static final Set<String> ACCESS_TOKEN_TYPES = Set.of("Bearer", "DPoP");

    /** The algorithms a realm can sign access tokens with. */
    static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA");

    private TokenChecks() {
    }

    /**
     * The checks that need no key: shape, algorithm, type, expiry. Run before Keycloak's check so that each refusal
     * is named (Keycloak only says "no").
     */
    static void beforeSignature(String token, long nowSeconds) {
        JWSInput jws;
        AccessToken claims;
        try {
            jws = new JWSInput(token);
            claims = jws.readJsonContent(AccessToken.class);
        } catch (JWSInputException | RuntimeException e) {
            throw new ParleyException(ParleyError.TOKEN_MALFORMED,
                    "The access token is not a signed JWT with JSON claims. Send the access token exactly as the realm issued it.");
        }
        String algorithm = jws.getHeader() == null ? null : jws.getHeader().getRawAlgorithm();
        if (algorithm == null || !ASYMMETRIC_ALGORITHMS.contains(algorithm)) {
            throw new ParleyException(ParleyError.TOKEN_SIGNATURE_INVALID,
                    "The token's algorithm '" + algorithm + "' is not accepted: access tokens are signed with the realm's "
                            + "asymmetric keys (e.g. RS256), never 'none' or HMAC.");
        }
        if (claims == null || claims.getType() == null || !ACCESS_TOKEN_TYPES.contains(claims.getType())) {
            throw new ParleyException(ParleyError.TOKEN_TYPE_INVALID,
                    "The token's typ is '" + (claims == null ? null : claims.getType()) + "', not 'Bearer': send the "
                            + "access_token of the token response, not the ID token.");
        }
        if (claims.getExp() != null && claims.getExp() != 0 && claims.getExp() <= nowSeconds) {
            throw new ParleyException(ParleyError.TOKEN_EXPIRED);
        }
    }

    /** Refuses a verified token that was not issued for Parley ({@code audience} in {@code aud}, or {@code azp}). */
    static void audience(AccessToken token, String audience) {
        if (token.hasAudience(audience) || audience.equals(token.getIssuedFor())) {
            return;
        }
        throw new ParleyException(ParleyError.TOKEN_AUDIENCE_MISMATCH,
                "The access token was issued to '" + token.getIssuedFor() + "' for "
                        + (token.getAudience() == null ? "no audience" : Arrays.toString(token.getAudience()))
                        + ", not for Parley ('" + audience + "'). Sign in with a client whose tokens carry that audience "
                        + "(e.g. parley-cli).");
    }

    /**
     * Refuses a caller whose sign-in ({@code authTime}, epoch seconds) lies more than {@code maxAgeSeconds} back, or
     * is unknown: for changes that cannot be undone, a stolen or long-lived session is not enough.
     */
    static void recentAuthentication(Long authTime, int maxAgeSeconds, long nowSeconds) {
        if (authTime != null && authTime > 0 && nowSeconds - authTime <= maxAgeSeconds) {
            return;
        }
        throw new ParleyException(ParleyError.REAUTHENTICATION_REQUIRED,
                (authTime == null || authTime <= 0 ? "The sign-in time of this token is unknown"
                        : "You signed in " + (nowSeconds - authTime) + " s ago")
                        + "; resetting the identity (which revokes every device) needs a sign-in within the last "
                        + maxAgeSeconds + " s. Sign out and in again (parley logout, then parley login) and repeat it right away.");
    }
}
