package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sign-in chain end to end: a token from the real Keycloak opens {@code /api/v1/me} on the real
 * gateway; every kind of bad token is refused with 401 and its own error code, and leaves no stack trace
 * in the server log.
 */
@ExtendWith(ParleyStack.class)
class GatewayAuthenticationIT {

    private static ParleyStack.Running stack;
    private static Keycloak keycloak;
    private static URI me;

    @BeforeAll
    static void connect(ParleyStack.Running running) {
        stack = running;
        keycloak = new Keycloak(running.keycloak());
        me = running.wildfly().gatewayUri().resolve("api/v1/me");
    }

    @Test
    void aTokenFromTheRealmOpensMe() {
        String token = keycloak.accessToken("alice");

        HttpResponse<String> response = HttpCalls.get(me, token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = HttpCalls.json(response);
        assertThat(body.get("user_id").asText()).isEqualTo(Keycloak.claims(token).get("sub").asText());
        assertThat(body.get("username").asText()).isEqualTo("alice");
        assertThat(body.get("gateway_id").asText()).isEqualTo("gw_it");
        assertThat(body.get("served_by").asText()).isEqualTo("gw_it");
        assertThat(body.get("server_version").asText()).isNotBlank();
        assertThat(body.get("protocol_version").asInt()).isEqualTo(1);
    }

    @Test
    void differentUsersAreDifferentUserIds() {
        String alice = HttpCalls.json(HttpCalls.get(me, keycloak.accessToken("alice"))).get("user_id").asText();
        String bob = HttpCalls.json(HttpCalls.get(me, keycloak.accessToken("bob"))).get("user_id").asText();

        assertThat(alice).isNotEqualTo(bob);
    }

    @Test
    void noTokenIsTokenMissing() {
        HttpResponse<String> response = HttpCalls.get(me, null);

        assertRefused(response, "token_missing");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void garbageIsTokenMalformed() {
        assertRefused(HttpCalls.get(me, "not-a-jwt"), "token_malformed");
        assertRefused(HttpCalls.get(me, "a.b.c"), "token_malformed");
        assertRefused(HttpCalls.get(me, "e30.e30.AAAA"), "token_malformed");
    }

    @Test
    void aTamperedSignatureIsTokenSignatureInvalid() throws Exception {
        String[] parts = keycloak.accessToken("alice").split("\\.");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(generator.generateKeyPair().getPrivate());
        signer.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());

        assertRefused(HttpCalls.get(me, forged), "token_signature_invalid");
    }

    @Test
    void aTokenOfAnotherRealmIsRefused() {
        String master = keycloak.accessToken("master", "admin-cli", "admin", "admin");

        assertRefused(HttpCalls.get(me, master), "token_signature_invalid");
    }

    @Test
    void aTokenForAnotherAudienceIsTokenAudienceMismatch() {
        // admin-cli tokens of the parley realm are genuine but not issued for the gateway
        String token = keycloak.accessToken("parley", "admin-cli", "alice", "alice");

        assertRefused(HttpCalls.get(me, token), "token_audience_mismatch");
    }

    @Test
    void anExpiredTokenIsTokenExpired() throws Exception {
        keycloak.createShortLivedGatewayClient("it-short-lived", 1);
        String token = keycloak.accessToken("parley", "it-short-lived", "bob", "bob");
        JsonNode claims = Keycloak.claims(token);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(1);
        Thread.sleep(2500);

        assertRefused(HttpCalls.get(me, token), "token_expired");
    }

    @Test
    void refusedTokensLeaveNoStackTraceInTheServerLog() throws IOException {
        int before = Files.readAllLines(stack.wildfly().serverLog(), StandardCharsets.UTF_8).size();

        garbageIsTokenMalformed();
        aTokenForAnotherAudienceIsTokenAudienceMismatch();
        noTokenIsTokenMissing();

        List<String> log = Files.readAllLines(stack.wildfly().serverLog(), StandardCharsets.UTF_8);
        // Only what these requests logged: a loaded machine may log unrelated warnings (e.g. a slow Keycloak).
        assertThat(log.subList(before, log.size()))
                .filteredOn(line -> !line.contains("WFLYMPHEALTH") && !line.contains("RevocationFeedPoller"))
                .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception:"));
    }

    private static void assertRefused(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = HttpCalls.json(response);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        if (!code.equals("token_missing")) {
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer error=\"invalid_token\", error_description=\"" + code + "\"");
        }
    }
}
