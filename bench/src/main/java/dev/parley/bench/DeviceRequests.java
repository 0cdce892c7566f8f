package dev.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.device.RequestProof;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

/**
 * Requests to the gateway made as a device: {@code Parley-Device-Id} and a fresh proof signed with the device's key
 * (docs/protocol.md#device-bound-requests). The gateway's id, which the proof names, is asked once.
 */
final class DeviceRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI gateway;
    private volatile String gatewayId;

    /** @param gateway the gateway's address ({@code http://host:port}) */
    DeviceRequests(HttpClient http, URI gateway) {
        this.http = http;
        this.gateway = gateway;
    }

    /** Adds the device's headers for the request {@code method uri} with {@code body} (null: none). */
    HttpRequest.Builder sign(HttpRequest.Builder request, String method, URI uri, byte[] body, String token, String userId,
            String deviceId, PrivateKey key) throws IOException, InterruptedException {
        RequestProof.of(gatewayId(token), userId, deviceId, method, uri, body, Instant.now()).headers(key).forEach(request::header);
        return request;
    }

    private String gatewayId(String token) throws IOException, InterruptedException {
        String known = gatewayId;
        if (known == null) {
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(gateway.resolve("/parley/api/v1/me"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (me.statusCode() != 200) {
                throw new IllegalStateException("GET /parley/api/v1/me: HTTP " + me.statusCode() + " " + me.body());
            }
            known = JSON.readTree(me.body()).get("gateway_id").asText();
            gatewayId = known;
        }
        return known;
    }
}
