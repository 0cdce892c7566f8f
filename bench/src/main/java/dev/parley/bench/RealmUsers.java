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
import java.util.stream.Collectors;

/**
 * Users of the stack under test, made the way a real client and an admin make them: created through
 * Keycloak's admin REST API (password = username), signed in with the password grant of {@code parley-cli},
 * with an identity key and one registered device (Ed25519, the Authentication Service's API).
 */
final class RealmUsers {

    /** A signed-in user with one registered device. */
    record User(String username, String id, String token, String deviceId, KeyPair device) {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final BenchContext context;
    private final DeviceRequests deviceRequests;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String adminToken;
    private long adminTokenAt;

    RealmUsers(BenchContext context) {
        this.context = context;
        this.deviceRequests = new DeviceRequests(http, context.gateway());
    }

    /** Creates {@code username}, signs it in, registers its identity and the device {@code deviceId}. */
    User create(String username, String deviceId) throws Exception {
        return createWithDevices(username, List.of(deviceId)).get(0);
    }

    /**
     * Creates {@code username}, signs it in, registers its identity and the devices {@code deviceIds} (at most the
     * realm's devices per user): one {@link User} per device, all with the same token.
     */
    List<User> createWithDevices(String username, List<String> deviceIds) throws Exception {
        Map<String, Object> user = Map.of("username", username, "enabled", true, "email", username + "@parley.test",
                "emailVerified", true, "firstName", "Bench", "lastName", username,
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false)));
        HttpResponse<String> created = send("POST", admin("users"), admin(), user);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak did not create " + username + ": HTTP " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String token = password(context.realm(), "parley-cli", username, username);

        KeyPair identity = ed25519();
        expect(send("PUT", parley("identity"), token, Map.of("identity_key", Base64Url.encode(Ed25519Keys.raw(identity.getPublic())))), 201);
        List<User> devices = new java.util.ArrayList<>();
        for (String deviceId : deviceIds) {
            KeyPair device = ed25519();
            Bytes deviceKey = Ed25519Keys.raw(device.getPublic());
            String challenge = json(expect(send("POST", parley("challenges"), token, null), 201)).get("challenge").asText();
            long createdAt = System.currentTimeMillis();
            Map<String, Object> registration = new LinkedHashMap<>();
            registration.put("device_id", deviceId);
            registration.put("device_key", Base64Url.encode(deviceKey));
            registration.put("cipher_suite", 1);
            registration.put("created_at", createdAt);
            registration.put("certificate", Base64Url.encode(new DeviceCertificate(context.realm(), id, deviceId, deviceKey, createdAt)
                    .sign(identity.getPrivate())));
            registration.put("challenge", challenge);
            registration.put("challenge_signature", Base64Url.encode(new DeviceProof(context.realm(), id, Base64Url.decode(challenge),
                    deviceId, deviceKey).sign(device.getPrivate())));
            expect(send("POST", parley("devices"), token, registration), 201);
            devices.add(new User(username, id, token, deviceId, device));
        }
        return devices;
    }

    /** The user signed in again: a fresh access token (tokens of the realm are short-lived). */
    User signedInAgain(User user) throws Exception {
        return new User(user.username(), user.id(), password(context.realm(), "parley-cli", user.username(), user.username()),
                user.deviceId(), user.device());
    }

    /** Deletes the user (which also revokes its devices). */
    void delete(User user) throws Exception {
        send("DELETE", admin("users/" + user.id()), admin(), null);
    }

    /** A call to the gateway's REST API ({@code /parley/api/v1/<path>}), as {@code user}. */
    HttpResponse<String> gateway(String method, String path, User user, Object body) throws Exception {
        return send(method, context.gateway().resolve("/parley/api/v1/" + path), user.token(), body);
    }

    /** A call to the gateway's REST API as {@code user}'s device ({@code Parley-Device-Id}, signed with its key). */
    HttpResponse<String> gatewayAsDevice(String method, String path, User user, Object body) throws Exception {
        return send(method, context.gateway().resolve("/parley/api/v1/" + path), user.token(), body, user);
    }

    HttpResponse<String> send(String method, URI uri, String token, Object body) throws IOException, InterruptedException {
        return send(method, uri, token, body, null);
    }

    private HttpResponse<String> send(String method, URI uri, String token, Object body, User asDevice)
            throws IOException, InterruptedException {
        byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (asDevice != null) {
            deviceRequests.sign(request, method, uri, bytes, token, asDevice.id(), asDevice.deviceId(), asDevice.device().getPrivate());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private String admin() throws Exception {
        // master's admin-cli tokens live 60 s: take a new one every 30 s.
        if (adminToken == null || System.nanoTime() - adminTokenAt > Duration.ofSeconds(30).toNanos()) {
            adminToken = password("master", "admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    private String password(String realm, String clientId, String username, String password) throws Exception {
        String form = Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password)
                .entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        context.keycloak().resolve("/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return json(expect(response, 200)).get("access_token").asText();
    }

    private URI admin(String path) {
        return context.keycloak().resolve("/admin/realms/" + context.realm() + "/" + path);
    }

    private URI parley(String path) {
        return context.keycloak().resolve("/realms/" + context.realm() + "/parley/" + path);
    }

    private static KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
}
