package dev.parley.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

class TokenChecksTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void anAccessTokenSignedWithAnAsymmetricKeyPassesTheChecksBeforeTheSignature() {
        assertThatCode(() -> TokenChecks.beforeSignature(jwt("RS256", "Bearer", NOW + 60), NOW)).doesNotThrowAnyException();
        assertThatCode(() -> TokenChecks.beforeSignature(jwt("ES256", "DPoP", NOW + 60), NOW)).doesNotThrowAnyException();
    }

    @Test
    void algNoneAndHmacAreRefusedWhateverTheSignature() {
        assertRefused(() -> TokenChecks.beforeSignature(jwt("none", "Bearer", NOW + 60), NOW), ParleyError.TOKEN_SIGNATURE_INVALID);
        assertRefused(() -> TokenChecks.beforeSignature(jwt("HS256", "Bearer", NOW + 60), NOW), ParleyError.TOKEN_SIGNATURE_INVALID);
        assertRefused(() -> TokenChecks.beforeSignature(jwt("HS512", "Bearer", NOW + 60), NOW), ParleyError.TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void anIdTokenOrARefreshTokenIsNotAnAccessToken() {
        assertRefused(() -> TokenChecks.beforeSignature(jwt("RS256", "ID", NOW + 60), NOW), ParleyError.TOKEN_TYPE_INVALID);
        assertRefused(() -> TokenChecks.beforeSignature(jwt("RS256", "Refresh", NOW + 60), NOW), ParleyError.TOKEN_TYPE_INVALID);
        assertRefused(() -> TokenChecks.beforeSignature(jwt("RS256", null, NOW + 60), NOW), ParleyError.TOKEN_TYPE_INVALID);
    }

    @Test
    void expiredAndMalformedTokensAreNamed() {
        assertRefused(() -> TokenChecks.beforeSignature(jwt("RS256", "Bearer", NOW - 1), NOW), ParleyError.TOKEN_EXPIRED);
        assertRefused(() -> TokenChecks.beforeSignature("not-a-jwt", NOW), ParleyError.TOKEN_MALFORMED);
        assertRefused(() -> TokenChecks.beforeSignature("e30.bm90IGpzb24.AAAA", NOW), ParleyError.TOKEN_MALFORMED);
    }

    @Test
    void theTokenMustBeForParleyOrIssuedToItsClient() {
        AccessToken forGateway = new AccessToken();
        forGateway.audience("account", "parley-gateway").issuedFor("parley-cli");
        AccessToken gatewayServiceAccount = new AccessToken();
        gatewayServiceAccount.audience("account").issuedFor("parley-gateway");
        AccessToken other = new AccessToken();
        other.audience("account").issuedFor("admin-cli");

        assertThatCode(() -> TokenChecks.audience(forGateway, "parley-gateway")).doesNotThrowAnyException();
        assertThatCode(() -> TokenChecks.audience(gatewayServiceAccount, "parley-gateway")).doesNotThrowAnyException();
        assertRefused(() -> TokenChecks.audience(other, "parley-gateway"), ParleyError.TOKEN_AUDIENCE_MISMATCH);
        assertRefused(() -> TokenChecks.audience(new AccessToken(), "parley-gateway"), ParleyError.TOKEN_AUDIENCE_MISMATCH);
    }

    @Test
    void anIrreversibleChangeNeedsARecentSignIn() {
        assertThatCode(() -> TokenChecks.recentAuthentication(NOW - 300, 300, NOW)).doesNotThrowAnyException();
        assertRefused(() -> TokenChecks.recentAuthentication(NOW - 301, 300, NOW), ParleyError.REAUTHENTICATION_REQUIRED);
        assertRefused(() -> TokenChecks.recentAuthentication(null, 300, NOW), ParleyError.REAUTHENTICATION_REQUIRED);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ParleyError error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ParleyException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.error()).isEqualTo(error);
            org.assertj.core.api.Assertions.assertThat(e.getMessage()).isNotBlank();
        });
    }

    private static String jwt(String alg, String typ, long exp) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"k1\"}";
        String claims = "{\"sub\":\"u1\",\"iss\":\"https://kc/realms/parley\",\"exp\":" + exp
                + (typ == null ? "" : ",\"typ\":\"" + typ + "\"") + "}";
        return b64(header) + "." + b64(claims) + "." + (alg.equals("none") ? "" : b64("signature"));
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
