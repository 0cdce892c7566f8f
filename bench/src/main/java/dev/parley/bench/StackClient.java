package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.devstack.KeycloakServer;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.device.DeviceProof;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What benchmarks need from the running stack, done as clients do it: fresh realm users (Keycloak admin API), their
 * tokens (password grant of {@code parley-cli}), identity keys and registered devices (the Authentication Service),
 * and JSON calls to the gateway's REST API.
 */
final class StackClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A fresh user with a registered identity and one device. */
    record Device(String username, String userId, String token, String deviceId, KeyPair key) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final BenchContext context;
    private final DeviceRequests deviceRequests;

    StackClient(BenchContext context) {
        this.context = context;
        this.deviceRequests = new DeviceRequests(client, context.gateway());
    }

    /** Creates a realm user whose password is its username, registers its identity key and one device. */
    Device newDevice(String prefix, String deviceId) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send("POST", context.keycloak().resolve("/admin/realms/" + context.realm() + "/users"),
                adminToken(), null, Map.of("username", username, "enabled", true, "email", username + "@parley.test",
                        "emailVerified", true, "firstName", "Bench", "lastName", username,
                        "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false))));
        require(created, 201);
        String userId = created.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElseThrow();
        String token = token(context.realm(), "parley-cli", username, username);
        KeyPair identity = ed25519();
        require(auth("PUT", "identity", token, Map.of("identity_key", Base64Url.encode(Ed25519Keys.raw(identity.getPublic())))), 201);
        KeyPair key = ed25519();
        Bytes deviceKey = Ed25519Keys.raw(key.getPublic());
        long createdAt = System.currentTimeMillis();
        String challenge = json(require(auth("POST", "challenges", token, null), 201)).get("challenge").asText();
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("device_id", deviceId);
        registration.put("device_key", Base64Url.encode(deviceKey));
        registration.put("cipher_suite", 1);
        registration.put("created_at", createdAt);
        registration.put("certificate", Base64Url.encode(new DeviceCertificate(context.realm(), userId, deviceId, deviceKey, createdAt)
                .sign(identity.getPrivate())));
        registration.put("challenge", challenge);
        registration.put("challenge_signature", Base64Url.encode(new DeviceProof(context.realm(), userId,
                Base64Url.decode(challenge), deviceId, deviceKey).sign(key.getPrivate())));
        require(auth("POST", "devices", token, registration), 201);
        return new Device(username, userId, token, deviceId, key);
    }

    /** A call to the gateway's REST API ({@code api/v1/...}) as {@code device}. */
    HttpResponse<String> gateway(String method, String path, Device device, Object body) {
        return send(method, context.gateway().resolve("/parley/api/v1/" + path), device.token(), device, body);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    static HttpResponse<String> require(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private HttpResponse<String> auth(String method, String path, String token, Object body) {
        return send(method, context.keycloak().resolve("/realms/" + context.realm() + "/parley/" + path), token, null, body);
    }

    private String adminToken() {
        return token("master", "admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    private String token(String realm, String clientId, String username, String password) {
        String form = Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password)
                .entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(context.keycloak().resolve("/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return json(require(call(request), 200)).get("access_token").asText();
    }

    /** {@code asDevice}: the device the request acts as (signed with its key), or null. */
    private HttpResponse<String> send(String method, URI uri, String token, Device asDevice, Object body) {
        try {
            byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (asDevice != null) {
                deviceRequests.sign(request, method, uri, bytes, token, asDevice.userId(), asDevice.deviceId(), asDevice.key().getPrivate());
            }
            return call(request.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
