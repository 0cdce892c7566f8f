package dev.parley.client.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The client's only HTTP door (JDK {@link HttpClient}): JSON answers, form posts, bearer tokens, timeouts.
 * An answer with any status is returned as a {@link Response}; no answer at all is a
 * {@link ServerUnreachableException}, so callers tell "refused" from "unreachable" by type.
 */
public final class JsonHttp {

    /** Reads unknown fields leniently (servers may add fields); writes instants as ISO-8601 text. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    public JsonHttp(HttpClient client) {
        this.client = client;
    }

    public static JsonHttp create() {
        return new JsonHttp(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** An HTTP answer. */
    public record Response(int status, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON, or a missing node if it is not JSON. */
        public JsonNode json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }
    }

    public Response get(URI uri, String bearerToken) {
        HttpRequest.Builder request = request(uri).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request.build());
    }

    /**
     * Any method with an optional JSON body ({@code null} for none) and extra headers.
     *
     * @param bearerToken null to send no {@code Authorization} header
     */
    public Response send(String method, URI uri, String bearerToken, Object jsonBody, Map<String, String> headers) {
        return sendJson(method, uri, bearerToken, json(jsonBody), headers);
    }

    /**
     * Like {@link #send(String, URI, String, Object, Map)} with the body already written as JSON: these bytes are what
     * goes out (what a request proof hashes).
     *
     * @param json null for no body
     */
    public Response sendJson(String method, URI uri, String bearerToken, byte[] json, Map<String, String> headers) {
        HttpRequest.Builder request = request(uri);
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        headers.forEach(request::header);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        }
        return send(request.build());
    }

    /** {@code body} written as JSON; null for null. */
    public static byte[] json(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getMessage(), e);
        }
    }

    public Response postForm(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new ServerUnreachableException(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(request.uri(), e);
        }
    }
}
