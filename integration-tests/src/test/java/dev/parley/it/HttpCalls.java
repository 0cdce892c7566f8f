package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.device.RequestProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Plain HTTP calls with JSON bodies, as any client of the servers would make them. */
final class HttpCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<URI, String> GATEWAY_IDS = new ConcurrentHashMap<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpCalls() {
    }

    static HttpResponse<String> get(URI uri, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request.build());
    }

    static HttpResponse<String> postForm(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> postJson(URI uri, String bearerToken, Object body) {
        try {
            return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + bearerToken)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any method; {@code body} (may be {@code null}) goes out as JSON, a String as it is. */
    static HttpResponse<String> send(String method, URI uri, String bearerToken, Object body) {
        return send(method, uri, bearerToken, body, Map.of());
    }

    /** Like {@link #send(String, URI, String, Object)}, with extra request headers. */
    static HttpResponse<String> send(String method, URI uri, String bearerToken, Object body, Map<String, String> headers) {
        byte[] bytes = bytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bytes != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * Like {@link #send(String, URI, String, Object)}, acting as {@code signer}'s device: the request carries
     * {@code Parley-Device-Id} and a fresh proof signed with the device's key (docs/protocol.md#device-bound-requests).
     */
    static HttpResponse<String> sendAs(String method, URI uri, String bearerToken, Object body, Signer signer) {
        return send(method, uri, bearerToken, body, signer.headers(gatewayId(uri, bearerToken), method, uri, bytes(body)));
    }

    /** A device of a user, with its private key, that signs the requests made as it. */
    record Signer(String userId, String deviceId, PrivateKey key) {

        /** The headers naming the device and proving it for this request. */
        Map<String, String> headers(String gatewayId, String method, URI uri, byte[] body) {
            return RequestProof.of(gatewayId, userId, deviceId, method, uri, body, Instant.now()).headers(key);
        }
    }

    /** The id of the gateway serving {@code uri} (under its {@code api/v1/}), as its {@code GET me} says; asked once. */
    static String gatewayId(URI uri, String bearerToken) {
        String text = uri.toString();
        int api = text.indexOf("/api/v1/");
        if (api < 0) {
            throw new IllegalArgumentException("not a gateway API address: " + uri);
        }
        URI me = URI.create(text.substring(0, api) + "/api/v1/me");
        return GATEWAY_IDS.computeIfAbsent(me, m -> {
            HttpResponse<String> response = get(m, bearerToken);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + m + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return json(response).get("gateway_id").asText();
        });
    }

    /** {@code body} as sent: a String as it is, anything else as JSON; null for none. */
    static byte[] bytes(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return (body instanceof String text ? text : JSON.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
