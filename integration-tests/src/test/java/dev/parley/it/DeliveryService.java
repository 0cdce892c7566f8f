package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's conversation and KeyPackage REST API as an MLS client uses it, for {@link MlsDevice}s. Access tokens
 * are fetched from the real Keycloak and renewed before they expire, so long tests keep going.
 */
final class DeliveryService {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private record Token(String value, Instant fetched) {
    }

    private final URI api;
    private final Keycloak keycloak;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    DeliveryService(ParleyStack.Running stack) {
        this(stack.wildfly().gatewayUri(), stack);
    }

    DeliveryService(URI gateway, ParleyStack.Running stack) {
        this.api = gateway.resolve("api/v1/");
        this.keycloak = new Keycloak(stack.keycloak());
    }

    String token(AuthService.User user) {
        return tokens.compute(user.username(), (name, token) -> token != null
                && token.fetched().isAfter(Instant.now().minusSeconds(120)) ? token
                : new Token(keycloak.accessToken(name), Instant.now())).value();
    }

    void uploadKeyPackages(MlsDevice device, int count) {
        HttpResponse<String> response = send("POST", "key-packages", device, Map.of("key_packages", device.newKeyPackages(count)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Claims one KeyPackage of {@code target}; returns {@code {"key_package", "ref", ...}}. */
    JsonNode claim(MlsDevice claimer, MlsDevice target) {
        return claim(claimer, target.user.id(), target.deviceId);
    }

    /** Claims one KeyPackage of the user's device {@code deviceId} (e.g. a browser's); returns {@code {"key_package", "ref", ...}}. */
    JsonNode claim(MlsDevice claimer, String userId, String deviceId) {
        HttpResponse<String> response = send("POST", "key-packages/claim", claimer,
                Map.of("user_id", userId, "device_ids", List.of(deviceId)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode keyPackages = HttpCalls.json(response).get("key_packages");
        assertThat(keyPackages).as(response.body()).hasSize(1);
        return keyPackages.get(0);
    }

    long keyPackageCount(MlsDevice device) {
        HttpResponse<String> response = send("GET", "key-packages/count", device, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpCalls.json(response).get("one_time").asLong();
    }

    HttpResponse<String> createRoom(MlsDevice creator, String name, byte[] groupId, byte[] groupInfo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "room");
        body.put("name", name);
        body.put("group_id", b64(groupId));
        if (groupInfo != null) {
            body.put("group_info", b64(groupInfo));
        }
        return send("POST", "conversations", creator, body);
    }

    /** A direct conversation for a group that the creator will not use (a throwaway epoch-0 GroupInfo). */
    HttpResponse<String> createDm(MlsDevice creator, String peerUserId, byte[] groupId) {
        return createDm(creator, peerUserId, groupId, creator.throwawayGroupInfo(groupId));
    }

    HttpResponse<String> createDm(MlsDevice creator, String peerUserId, byte[] groupId, byte[] groupInfo) {
        return send("POST", "conversations", creator, Map.of("type", "dm", "peer_user_id", peerUserId,
                "group_id", b64(groupId), "group_info", b64(groupInfo)));
    }

    HttpResponse<String> commit(MlsDevice device, String conversationId, String msgId, MlsDevice.PendingCommit commit,
            List<String> adds, List<MlsDevice> removes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg_id", msgId);
        body.put("commit", b64(commit.commit()));
        if (commit.welcome() != null) {
            body.put("welcome", b64(commit.welcome()));
        }
        body.put("group_info", b64(commit.groupInfo()));
        body.put("adds", adds);
        List<Map<String, String>> removed = new ArrayList<>();
        removes.forEach(r -> removed.add(Map.of("user_id", r.user.id(), "device_id", r.deviceId)));
        body.put("removes", removed);
        return send("POST", "conversations/" + conversationId + "/commits", device, body);
    }

    HttpResponse<String> sendMessage(MlsDevice device, String conversationId, String msgId, byte[] message) {
        return send("POST", "conversations/" + conversationId + "/messages", device,
                Map.of("msg_id", msgId, "message", b64(message)));
    }

    HttpResponse<String> log(MlsDevice device, String conversationId, long after, int limit) {
        return send("GET", "conversations/" + conversationId + "/log?after=" + after + "&limit=" + limit, device, null);
    }

    /** Every entry after {@code after} the device may read, following pages. */
    List<JsonNode> entries(MlsDevice device, String conversationId, long after) {
        List<JsonNode> entries = new ArrayList<>();
        while (true) {
            HttpResponse<String> response = log(device, conversationId, after, 500);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = HttpCalls.json(response);
            page.get("entries").forEach(entries::add);
            after = page.get("next_after").asLong();
            if (!page.get("more").asBoolean()) {
                return entries;
            }
        }
    }

    HttpResponse<String> get(MlsDevice device, String path) {
        return send("GET", path, device, null);
    }

    HttpResponse<String> send(String method, String path, MlsDevice device, Object body) {
        return sendAs(method, path, token(device.user), device.signer(), body);
    }

    /** As {@code signer}'s device, signed with its key; {@code signer} null: as no device. */
    HttpResponse<String> sendAs(String method, String path, String token, HttpCalls.Signer signer, Object body) {
        byte[] bytes = HttpCalls.bytes(body);
        URI uri = api.resolve(path);
        return exchange(method, uri, token, signer == null ? Map.of()
                : signer.headers(HttpCalls.gatewayId(uri, token), method, uri, bytes), bytes);
    }

    /**
     * Naming {@code deviceId} in {@code Parley-Device-Id} without proving it (null: no header): what a holder of the
     * user's token without the device's key can send.
     */
    HttpResponse<String> send(String method, String path, String token, String deviceId, Object body) {
        return exchange(method, api.resolve(path), token, deviceId == null ? Map.of() : Map.of("Parley-Device-Id", deviceId),
                HttpCalls.bytes(body));
    }

    /** One request exactly as given: these headers and body bytes (null: none). */
    HttpResponse<String> exchange(String method, URI uri, String token, Map<String, String> headers, byte[] body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI api() {
        return api;
    }

    static String b64(byte[] bytes) {
        return Base64Url.encode(Bytes.of(bytes));
    }

    static byte[] bytes(JsonNode text) {
        return Base64Url.decode(text.asText()).toByteArray();
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(HttpCalls.json(response).get("error").asText()).as(response.body()).isEqualTo(code);
    }
}
