package dev.parley.gateway.interfaces.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.ParleyError;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

/** The verifier's use of its cache; the signature check itself is SmallRye's (its parser is replaced here). */
class AccessTokenVerifierCacheTest {

    private final CountingParser parser = new CountingParser();
    private final AccessTokenVerifier verifier = new AccessTokenVerifier();

    AccessTokenVerifierCacheTest() {
        verifier.parser = parser;
    }

    @Test
    void anAcceptedTokenIsCheckedOnceThenServedFromTheCache() {
        String token = token("one");

        AuthenticatedUser first = verifier.verify(token);
        AuthenticatedUser second = verifier.verify(token);

        assertThat(second).isEqualTo(first);
        assertThat(first.userId()).isEqualTo("u-one");
        assertThat(parser.calls.get()).isEqualTo(1);

        verifier.verify(token("two"));
        assertThat(parser.calls.get()).isEqualTo(2);
    }

    @Test
    void theCacheKeyIsTheSha256OfTheTokenNotTheToken() {
        assertThat(VerifiedTokenCache.keyOf("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aRefusedTokenIsCheckedAgainOnEveryUse() {
        parser.refuse = true;
        String token = token("one");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOfSatisfying(TokenRejectedException.class,
                            e -> assertThat(e.error()).isEqualTo(ParleyError.TOKEN_EXPIRED));
        }
        assertThat(parser.calls.get()).isEqualTo(2);

        parser.refuse = false;
        assertThat(verifier.verify(token).userId()).isEqualTo("u-one");
    }

    /** A compact JWS whose header names RS256; its subject is {@code u-<subject>}. */
    private static String token(String subject) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"sub\":\"u-" + subject + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(new byte[8]);
    }

    private static final class CountingParser extends DefaultJWTParser {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean refuse;

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls.incrementAndGet();
            if (refuse) {
                throw new ParseException("expired", new InvalidJwtException("expired",
                        List.of(new ErrorCodeValidator.Error(ErrorCodes.EXPIRED, "expired")), null));
            }
            String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
            String subject = payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
            return new Jwt(Map.of("sub", subject, "preferred_username", subject, "typ", "Bearer",
                    "exp", Instant.now().plusSeconds(300).getEpochSecond()));
        }
    }

    private record Jwt(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }
    }
}
