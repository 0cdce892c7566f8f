package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An SSE stream lives no longer than the access token it was opened with: it ends with {@code closed} 4440 then. */
@ExtendWith(ParleyStack.class)
class SseTokenExpiryIT {

    private static final String END = "\u0000end";

    private static URI gateway;
    private static AuthService auth;
    private static Keycloak keycloak;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        gateway = stack.wildfly().gatewayUri();
        auth = new AuthService(stack.keycloak());
        keycloak = new Keycloak(stack.keycloak());
    }

    @Test
    void aStreamEndsWithTokenExpiredWhenItsTokenExpires() throws Exception {
        keycloak.createShortLivedGatewayClient("it-sse-short-lived", 8);
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "browser");
        String token = keycloak.accessToken("parley", "it-sse-short-lived", user.username(), user.username());
        Instant expiresAt = Instant.ofEpochSecond(Keycloak.claims(token).get("exp").asLong());

        String nonce = HttpCalls.json(HttpCalls.send("POST", gateway.resolve("api/v1/realtime/nonces"), token, null)).get("nonce").asText();
        String gatewayId = HttpCalls.json(HttpCalls.get(gateway.resolve("api/v1/me"), token)).get("gateway_id").asText();
        String signature = Base64Url.encode(new ConnectProof(gatewayId, user.id(), "browser", Base64Url.decode(nonce))
                .sign(device.getPrivate()));
        HttpResponse<Stream<String>> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(gateway.resolve("api/v1/events"))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                        .header("Parley-Device-Id", "browser").header("Parley-Nonce", nonce)
                        .header("Parley-Signature", signature).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException ended) {
                // the stream broke
            }
            lines.add(END);
        }, "sse-lines");
        reader.setDaemon(true);
        reader.start();

        String closedData = null;
        boolean closedEvent = false;
        while (closedData == null) {
            String line = lines.poll(Duration.between(Instant.now(), expiresAt).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("the stream ends with a closed event once the token expired").isNotNull().isNotEqualTo(END);
            if (line.equals("event: closed") || line.equals("event:closed")) {
                closedEvent = true;
            } else if (closedEvent && line.startsWith("data:")) {
                closedData = line.substring(5).strip();
            }
        }
        assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
        JsonNode closed = HttpCalls.JSON.readTree(closedData);
        assertThat(closed.get("code").asInt()).isEqualTo(4440);
        // and the stream ends
        String rest;
        do {
            rest = lines.poll(10, TimeUnit.SECONDS);
            assertThat(rest).as("the stream ended after the closed event").isNotNull();
        } while (!rest.equals(END));
    }
}
