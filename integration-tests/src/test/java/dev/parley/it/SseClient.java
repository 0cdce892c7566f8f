package dev.parley.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A client of the SSE door ({@code GET /api/v1/events}): gets a nonce, signs the device proof, and parses the event
 * stream into frames ({@code data} as JSON, with the event's {@code id} as {@code event_id}).
 */
final class SseClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    final int status;

    private SseClient(HttpRequest request) {
        response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> opened = response.join();
        status = opened.statusCode();
        Thread reader = new Thread(() -> read(opened.body()), "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream for {@code device} with a fresh nonce and its proof; {@code lastEventId} may be null. */
    static SseClient open(URI gateway, DeliveryService ds, MlsDevice device, String lastEventId) {
        String token = ds.token(device.user);
        HttpResponse<String> issued = ds.send("POST", "realtime/nonces", token, null, null);
        if (issued.statusCode() != 200) {
            throw new AssertionError("No nonce: " + issued.body());
        }
        JsonNode nonce = HttpCalls.json(issued);
        String gatewayId = HttpCalls.json(ds.send("GET", "me", token, null, null)).get("gateway_id").asText();
        String signature = Base64Url.encode(new ConnectProof(gatewayId, device.user.id(), device.deviceId,
                Base64Url.decode(nonce.get("nonce").asText())).sign(device.deviceKey.getPrivate()));
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .header("Parley-Device-Id", device.deviceId)
                .header("Parley-Nonce", nonce.get("nonce").asText())
                .header("Parley-Signature", signature);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseClient(request.GET().build());
    }

    private void read(Stream<String> lines) {
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        ObjectNode frame = (ObjectNode) HttpCalls.JSON.readTree(data.toString());
                        if (id != null) {
                            frame.put("event_id", id);
                        }
                        events.add(frame);
                    }
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException ended) {
            // the stream closed
        }
    }

    /** The next event's frame, waiting up to {@code timeout}. */
    JsonNode next(Duration timeout) {
        try {
            JsonNode frame = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("No SSE event within " + timeout);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
    }
}
