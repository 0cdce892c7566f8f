package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.KeycloakServer;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.device.DeviceProof;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The Authentication Service's REST API ({@code /realms/parley/parley/...}) as a client uses it, with real Ed25519 keys. */
final class AuthService {

    /** A fresh realm user with a token and an identity key pair (not registered yet). */
    record User(String username, String id, String token, KeyPair identity) {
    }

    private final Keycloak keycloak;
    private final URI base;

    AuthService(KeycloakServer server) {
        this.keycloak = new Keycloak(server);
        this.base = URI.create(server.realmUri() + "/parley/");
    }

    User newUser() {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        String id = keycloak.createUser(username);
        return new User(username, id, keycloak.accessToken(username), ed25519());
    }

    /** A new user whose identity key is registered. */
    User userWithIdentity() {
        User user = newUser();
        HttpResponse<String> response = putIdentity(user.token(), user.identity());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return user;
    }

    HttpResponse<String> call(String method, String path, String token, Object body) {
        return HttpCalls.send(method, base.resolve(path), token, body);
    }

    HttpResponse<String> putIdentity(String token, KeyPair identity) {
        return call("PUT", "identity", token, Map.of("identity_key", b64(identity)));
    }

    String challenge(String token) {
        HttpResponse<String> response = call("POST", "challenges", token, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return HttpCalls.json(response).get("challenge").asText();
    }

    /** A complete, valid registration of {@code device} as {@code deviceId} for {@code user}, with a fresh challenge. */
    Map<String, Object> registration(User user, KeyPair device, String deviceId) {
        Bytes deviceKey = Ed25519Keys.raw(device.getPublic());
        long createdAt = System.currentTimeMillis();
        String challenge = challenge(user.token());
        Bytes certificate = new DeviceCertificate(KeycloakServer.REALM, user.id(), deviceId, deviceKey, createdAt)
                .sign(user.identity().getPrivate());
        Bytes proof = new DeviceProof(KeycloakServer.REALM, user.id(), Base64Url.decode(challenge), deviceId, deviceKey)
                .sign(device.getPrivate());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("device_id", deviceId);
        request.put("device_key", Base64Url.encode(deviceKey));
        request.put("cipher_suite", 1);
        request.put("platform", "linux");
        request.put("label", "Device " + deviceId);
        request.put("created_at", createdAt);
        request.put("certificate", Base64Url.encode(certificate));
        request.put("challenge", challenge);
        request.put("challenge_signature", Base64Url.encode(proof));
        return request;
    }

    HttpResponse<String> register(User user, Map<String, Object> registration) {
        return call("POST", "devices", user.token(), registration);
    }

    /** Registers a new device and returns its key pair. */
    KeyPair registerDevice(User user, String deviceId) {
        KeyPair device = ed25519();
        HttpResponse<String> response = register(user, registration(user, device, deviceId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return device;
    }

    JsonNode ownDevices(User user) {
        HttpResponse<String> response = call("GET", "devices", user.token(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpCalls.json(response);
    }

    JsonNode directory(String token, String userId) {
        HttpResponse<String> response = call("GET", "directory/" + userId, token, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpCalls.json(response);
    }

    /** The feed after {@code after}, read as the gateway's service account. */
    JsonNode revocations(long after) {
        HttpResponse<String> response = call("GET", "revocations?after=" + after, keycloak.gatewayServiceToken(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpCalls.json(response);
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String b64(KeyPair pair) {
        return Base64Url.encode(Ed25519Keys.raw(pair.getPublic()));
    }
}
