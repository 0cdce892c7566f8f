package dev.parley.gateway.interfaces.auth;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.keycloak.RealmKeysProbe;
import dev.parley.protocol.error.ParleyError;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Checks Keycloak access tokens with MicroProfile JWT (SmallRye): RS256 signature against the realm's
 * JWKS (fetched and cached by the parser), issuer, audience, expiry, and that it is an access token ({@code typ}
 * {@code Bearer}, not an ID token). A token naming any other algorithm ({@code none}, HMAC) is refused before
 * the parser sees it. Every refusal is a
 * {@link TokenRejectedException} naming the reason ({@code auth_unavailable} when the realm's keys cannot
 * be fetched); no other exception leaves {@link #verify}.
 *
 * <p>A token it accepted is remembered by its SHA-256 until its {@code exp} ({@link VerifiedTokenCache}, at most
 * {@value #CACHED_TOKENS} tokens), so a client's next calls with the same token skip the signature check. That is
 * safe because the result of the check depends only on the token's bytes, the realm's keys and the configured issuer
 * and audience, and the token says itself until when it holds; nothing the check looks at is revoked by the realm
 * before {@code exp}: the gateway never asks Keycloak about a token, revoked devices are refused by the device
 * directory on every request that names one ({@code DeviceDirectory.requireActive}, fed by the revocation feed),
 * and a realm key that is removed was honoured for up to {@value #JWKS_REFRESH_MINUTES} minutes by the cached JWKS
 * before as well. Refusals are never remembered: a refused token is checked again on its next use.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final int JWKS_REFRESH_MINUTES = 10;
    private static final SignatureAlgorithm SIGNATURE_ALGORITHM = SignatureAlgorithm.RS256;
    /** The {@code typ} of Keycloak's access tokens ({@code DPoP} when bound to a key); an ID token's is {@code ID}. */
    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("Bearer", "DPoP");
    private static final int FORCED_JWKS_REFRESH_MINUTES = 1;
    static final int CACHED_TOKENS = 10_000;

    @Inject
    GatewayConfig config;

    @Inject
    RealmKeysProbe realmKeys;

    JWTParser parser;

    private final VerifiedTokenCache verified = new VerifiedTokenCache(CACHED_TOKENS, Clock.systemUTC());

    @PostConstruct
    void init() {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyLocation(config.jwksUri().toString());
        context.setIssuedBy(config.issuer());
        context.setExpectedAudience(Set.of(config.audience()));
        context.setSignatureAlgorithm(SIGNATURE_ALGORITHM);
        int skewSeconds = (int) config.clockSkew().toSeconds();
        context.setClockSkew(skewSeconds);
        context.setExpGracePeriodSecs(skewSeconds);
        context.setJwksRefreshInterval(JWKS_REFRESH_MINUTES);
        // A token signed with a key we have not seen yet (a realm key rotation) re-reads the JWKS at most
        // once a minute instead of once per bad token.
        context.setForcedJwksRefreshInterval(FORCED_JWKS_REFRESH_MINUTES);
        parser = new DefaultJWTParser(context);
    }

    /** The user the token speaks for; throws {@link TokenRejectedException} for any token it refuses. */
    public AuthenticatedUser verify(String token) {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException(ParleyError.TOKEN_MISSING);
        }
        String key = VerifiedTokenCache.keyOf(token);
        Optional<AuthenticatedUser> known = verified.find(key);
        if (known.isPresent()) {
            return known.get();
        }
        AuthenticatedUser user = check(token);
        verified.put(key, user);
        return user;
    }

    private AuthenticatedUser check(String token) {
        String algorithm = signatureAlgorithm(token);
        if (algorithm == null) {
            throw new TokenRejectedException(ParleyError.TOKEN_MALFORMED);
        }
        if (!SIGNATURE_ALGORITHM.getAlgorithm().equals(algorithm)) {
            // 'none' and HMAC (e.g. HS256 keyed with the realm's public key) never reach the parser
            throw new TokenRejectedException(ParleyError.TOKEN_SIGNATURE_INVALID);
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException(explain(TokenRejectionClassifier.classify(e)));
        } catch (RuntimeException e) {
            throw new TokenRejectedException(ParleyError.TOKEN_MALFORMED);
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException(ParleyError.TOKEN_MALFORMED);
        }
        Object type = jwt.getClaim("typ");
        String typ = type instanceof jakarta.json.JsonString json ? json.getString() : type instanceof String text ? text : null;
        if (typ == null || !ACCESS_TOKEN_TYPES.contains(typ)) {
            throw new TokenRejectedException(ParleyError.TOKEN_TYPE_INVALID);
        }
        String username = jwt.getClaim("preferred_username");
        return new AuthenticatedUser(subject, username, Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    /**
     * A signature that cannot be checked because the realm's keys are out of reach is the gateway's problem,
     * not the token's: the client should retry, not sign in again.
     */
    private ParleyError explain(ParleyError rejection) {
        if (rejection == ParleyError.TOKEN_SIGNATURE_INVALID && !realmKeys.recentProbe().reachable()) {
            return ParleyError.AUTH_UNAVAILABLE;
        }
        return rejection;
    }

    /** The algorithm a JWS in compact form with a JSON header names, or {@code null} for anything else. */
    private static String signatureAlgorithm(String token) {
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(token);
            return structure instanceof JsonWebSignature ? structure.getAlgorithmHeaderValue() : null;
        } catch (JoseException e) {
            return null;
        }
    }
}
