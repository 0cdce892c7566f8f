package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.devstack.KeycloakServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens that must open nothing, sent to both doors — the gateway ({@code GET /parley/api/v1/me}) and the
 * Authentication Service in Keycloak ({@code GET /realms/parley/parley/info}) — each refused with 401 and its
 * documented code; and the fresh sign-in that an identity reset needs.
 */
@ExtendWith(ParleyStack.class)
class TokenEdgeCasesIT {

    private static Keycloak keycloak;
    private static AuthService as;
    private static URI gatewayMe;
    private static URI extensionInfo;

    @BeforeAll
    static void connect(ParleyStack.Running running) {
        keycloak = new Keycloak(running.keycloak());
        as = new AuthService(running.keycloak());
        gatewayMe = running.wildfly().gatewayUri().resolve("api/v1/me");
        extensionInfo = URI.create(running.keycloak().realmUri() + "/parley/info");
    }

    @Test
    void theRealmsOwnAccessTokensOpenBothDoors() {
        String token = keycloak.accessToken("alice");

        assertThat(HttpCalls.get(gatewayMe, token).statusCode()).isEqualTo(200);
        assertThat(HttpCalls.get(extensionInfo, token).statusCode()).isEqualTo(200);
        assertThat(as.call("GET", "revocations", keycloak.gatewayServiceToken(), null).statusCode())
                .as("the gateway's service account: issued to parley-gateway (azp)").isEqualTo(200);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String[] parts = keycloak.accessToken("alice").split("\\.");
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        for (String unsigned : List.of(header + "." + parts[1] + ".", header + "." + parts[1] + "." + parts[2])) {
            assertBothRefuse(unsigned, "token_signature_invalid");
        }
    }

    @Test
    void aTokenMacedWithTheRealmsPublicKeyIsRefused() throws Exception {
        String[] parts = keycloak.accessToken("alice").split("\\.");
        JsonNode header = HttpCalls.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        String kid = header.get("kid").asText();
        JsonNode key = null;
        for (JsonNode candidate : keycloak.realmKeys().get("keys")) {
            if (candidate.get("kid").asText().equals(kid)) {
                key = candidate;
            }
        }
        assertThat(key).as("the realm publishes the key of its access tokens").isNotNull();
        byte[] certificate = Base64.getDecoder().decode(key.get("x5c").get(0).asText());
        byte[] publicKey = ((X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate))).getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey) + "\n-----END PUBLIC KEY-----\n";
        List<byte[]> secrets = new ArrayList<>(List.of(publicKey, certificate, pem.getBytes(StandardCharsets.US_ASCII),
                pem.strip().getBytes(StandardCharsets.US_ASCII)));

        ObjectNode hmacHeader = ((ObjectNode) header).put("alg", "HS256");
        String signingInput = b64(HttpCalls.JSON.writeValueAsString(hmacHeader)) + "." + parts[1];
        for (byte[] secret : secrets) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String forged = signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

            assertBothRefuse(forged, "token_signature_invalid");
        }
    }

    @Test
    void aGenuineTokenOfAnotherClientIsRefused() {
        keycloak.createClient(Map.of("clientId", "it-other-audience", "publicClient", true, "directAccessGrantsEnabled", true));
        String token = keycloak.accessToken(KeycloakServer.REALM, "it-other-audience", "alice", "alice");
        assertThat(Keycloak.claims(token).path("aud").toString()).doesNotContain("parley-gateway");

        assertBothRefuse(token, "token_audience_mismatch");
    }

    @Test
    void anIdTokenIsNotAnAccessTokenEvenWithTheParleyAudience() {
        keycloak.createClient(Map.of(
                "clientId", "it-id-token-audience",
                "publicClient", true,
                "directAccessGrantsEnabled", true,
                "protocolMappers", List.of(Map.of(
                        "name", "gateway audience in the ID token", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", "parley-gateway",
                                "id.token.claim", "true", "access.token.claim", "true")))));
        String idToken = keycloak.tokenResponse(KeycloakServer.REALM, "it-id-token-audience", "alice", "alice")
                .get("id_token").asText();
        JsonNode claims = Keycloak.claims(idToken);
        assertThat(claims.get("typ").asText()).isEqualTo("ID");
        assertThat(claims.get("aud").toString()).contains("parley-gateway");

        assertBothRefuse(idToken, "token_type_invalid");
        String cliIdToken = keycloak.tokenResponse(KeycloakServer.REALM, Keycloak.CLI_CLIENT, "alice", "alice").get("id_token").asText();
        assertRefused(HttpCalls.get(extensionInfo, cliIdToken), "token_type_invalid");
    }

    @Test
    void anIdentityResetNeedsARecentSignInThatARefreshDoesNotRenew() throws Exception {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");
        Map<String, String> before = keycloak.setRealmAttributes(Map.of("parley.identityResetMaxAuthAgeSeconds", "2"));
        try {
            JsonNode signIn = keycloak.tokenResponse(KeycloakServer.REALM, Keycloak.CLI_CLIENT, user.username(), user.username());
            Thread.sleep(3_500);

            HttpResponse<String> stale = as.call("DELETE", "identity", signIn.get("access_token").asText(), null);
            String stepUp = "Bearer error=\"insufficient_user_authentication\", "
                    + "error_description=\"reauthentication_required\", max_age=2";
            assertRefused(stale, "reauthentication_required", stepUp);
            String refreshed = keycloak.refresh(Keycloak.CLI_CLIENT, signIn.get("refresh_token").asText()).get("access_token").asText();
            assertRefused(as.call("DELETE", "identity", refreshed, null), "reauthentication_required", stepUp);
            assertThat(as.ownDevices(user).get(0).get("revoked").asBoolean()).as("nothing was revoked").isFalse();
            assertThat(HttpCalls.get(extensionInfo, refreshed).statusCode()).as("other calls still work").isEqualTo(200);
        } finally {
            keycloak.setRealmAttributes(Map.of("parley.identityResetMaxAuthAgeSeconds",
                    before.getOrDefault("parley.identityResetMaxAuthAgeSeconds", "")));
        }

        String fresh = keycloak.accessToken(KeycloakServer.REALM, Keycloak.CLI_CLIENT, user.username(), user.username());
        assertThat(as.call("DELETE", "identity", fresh, null).statusCode()).isEqualTo(204);
        assertThat(as.ownDevices(user).get(0).get("revocation_reason").asText()).isEqualTo("identity_reset");
    }

    private static void assertBothRefuse(String token, String code) {
        assertRefused(HttpCalls.get(gatewayMe, token), code);
        assertRefused(HttpCalls.get(extensionInfo, token), code);
    }

    private static void assertRefused(HttpResponse<String> response, String code) {
        assertRefused(response, code, "Bearer error=\"invalid_token\", error_description=\"" + code + "\"");
    }

    private static void assertRefused(HttpResponse<String> response, String code, String challenge) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(401);
        JsonNode body = HttpCalls.json(response);
        assertThat(body.get("error").asText()).as(response.uri() + ": " + response.body()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(response.uri().toString()).hasValue(challenge);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
