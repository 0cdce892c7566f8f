package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The gateway's calls to the Authentication Service ({@code /realms/{realm}/parley/}), as its service account:
 * a user's directory entry, the realm's directory policy and the revocation feed. See {@code docs/authentication-service.md}.
 */
@ApplicationScoped
public class AuthenticationServiceClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Inject
    GatewayConfig config;

    @Inject
    ServiceAccountTokens tokens;

    /** Every device of the user, revoked ones included; empty for an unknown user. */
    public List<DeviceRecord> devicesOf(String userId) {
        HttpResponse<String> response = get("directory/" + URLEncoder.encode(userId, StandardCharsets.UTF_8));
        if (response.statusCode() == 404) {
            return List.of();
        }
        JsonObject entry = json(response);
        return entry.getJsonArray("devices").getValuesAs(JsonObject.class).stream()
                .map(device -> toRecord(userId, device))
                .toList();
    }

    /** The realm's directory policy ({@code realm} or {@code contacts}), from {@code GET info}. */
    public String directoryPolicy() {
        return json(get("info")).getString("directory_policy", "realm");
    }

    /** Up to {@code limit} feed entries after {@code afterSeq}, in order. */
    public List<RevocationEntry> revocationsAfter(long afterSeq, int limit) {
        JsonObject page = json(get("revocations?after=" + afterSeq + "&limit=" + limit));
        return page.getJsonArray("revocations").getValuesAs(JsonObject.class).stream()
                .map(entry -> new RevocationEntry(entry.getJsonNumber("seq").longValue(), entry.getString("user_id"),
                        entry.getString("device_id"), entry.getString("reason")))
                .toList();
    }

    private HttpResponse<String> get(String path) {
        URI uri = config.authenticationServiceUri().resolve(path);
        HttpResponse<String> response = send(uri, tokens.token());
        if (response.statusCode() == 401) {
            tokens.invalidate();
            response = send(uri, tokens.token());
        }
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new AuthenticationServiceException("GET " + uri + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private HttpResponse<String> send(URI uri, String token) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthenticationServiceException("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationServiceException("interrupted", e);
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        try {
            return Json.createReader(new StringReader(response.body())).readObject();
        } catch (RuntimeException e) {
            throw new AuthenticationServiceException("not a JSON object: " + response.body(), e);
        }
    }

    /**
     * The MLS credential identity of a device is the UTF-8 of {@code user_id + "/" + device_id}; the device's
     * leaf nodes must carry exactly that.
     */
    private static DeviceRecord toRecord(String userId, JsonObject device) {
        String deviceId = device.getString("device_id");
        return new DeviceRecord(
                userId,
                deviceId,
                Base64.getUrlDecoder().decode(device.getString("device_key")),
                (userId + "/" + deviceId).getBytes(StandardCharsets.UTF_8),
                device.getBoolean("revoked"),
                Instant.ofEpochMilli(device.getJsonNumber("created_at").longValue()));
    }
}
