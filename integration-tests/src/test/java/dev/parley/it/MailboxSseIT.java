package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SSE door with REST sends and acks: two devices exchange 10,000 messages; none is lost, none arrives out of
 * order or twice on one stream; {@code Last-Event-ID} resumes after the entry it names.
 */
@ExtendWith(ParleyStack.class)
class MailboxSseIT {

    private static AuthService auth;
    private static DeliveryService ds;
    private static URI gateway;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(stack);
        gateway = stack.wildfly().gatewayUri();
    }

    @Test
    void twoDevicesExchangeTenThousandMessagesOverSseAndRest() throws Exception {
        MailboxIT.Pair pair = MailboxIT.pair(gateway, auth, ds);
        pair.aliceClient().close();
        pair.bobClient().close();
        pair.aliceClient().socket.awaitClose(Duration.ofSeconds(10));
        pair.bobClient().socket.awaitClose(Duration.ofSeconds(10));

        SseClient aliceEvents = SseClient.open(gateway, ds, pair.alice(), null);
        SseClient bobEvents = SseClient.open(gateway, ds, pair.bob(), null);
        assertThat(aliceEvents.status).isEqualTo(200);
        assertThat(aliceEvents.next(Duration.ofSeconds(30)).get("type").asText()).isEqualTo("connected");
        assertThat(bobEvents.next(Duration.ofSeconds(30)).get("type").asText()).isEqualTo("connected");
        assertThat(untilCaughtUp(aliceEvents)).extracting(m -> m.get("seq").asLong()).containsExactly(1L);
        assertThat(untilCaughtUp(bobEvents)).extracting(m -> m.get("kind").asText()).containsExactly("welcome");

        int each = 5_000;
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (MlsDevice device : List.of(pair.alice(), pair.bob())) {
            for (int lane = 0; lane < 4; lane++) {
                int first = lane;
                sent.add(senders.submit(() -> {
                    for (int i = first; i < each; i += 4) {
                        HttpResponse<String> response = ds.sendMessage(device, pair.roomId(), device.deviceId + "-" + i,
                                device.protect(device.deviceId + " says " + i));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    }
                    return null;
                }));
            }
        }
        List<JsonNode> aliceGot = messages(aliceEvents, 2 * each);
        List<JsonNode> bobGot = messages(bobEvents, 2 * each);
        for (Future<?> done : sent) {
            done.get();
        }
        senders.shutdown();
        for (List<JsonNode> got : List.of(aliceGot, bobGot)) {
            assertThat(got).extracting(m -> m.get("seq").asLong()).containsExactlyElementsOf(MailboxIT.range(3, 2L * each + 2));
            assertThat(new HashSet<>(got.stream().map(m -> m.get("msg_id").asText()).toList())).hasSize(2 * each);
            assertThat(got).allSatisfy(m -> assertThat(m.get("event_id").asText())
                    .isEqualTo(pair.roomId() + ":" + m.get("seq").asLong()));
        }
        HttpResponse<String> acked = ds.send("POST", "conversations/" + pair.roomId() + "/ack", pair.bob(), Map.of("seq", 100));
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(HttpCalls.json(acked).get("seq").asLong()).isEqualTo(100);
        bobEvents.close();
        aliceEvents.close();

        // Last-Event-ID resumes after the entry it names, not at the cursor (100)
        SseClient resumed = SseClient.open(gateway, ds, pair.bob(), pair.roomId() + ":" + (2L * each - 8));
        assertThat(resumed.next(Duration.ofSeconds(30)).get("type").asText()).isEqualTo("connected");
        assertThat(untilCaughtUp(resumed)).extracting(m -> m.get("seq").asLong())
                .containsExactlyElementsOf(MailboxIT.range(2L * each - 7, 2L * each + 2));
        resumed.close();
    }

    private static List<JsonNode> untilCaughtUp(SseClient events) {
        List<JsonNode> messages = new ArrayList<>();
        while (true) {
            JsonNode frame = events.next(Duration.ofMinutes(2));
            switch (frame.get("type").asText()) {
                case "caught_up" -> {
                    return messages;
                }
                case "message" -> messages.add(frame);
                default -> {
                }
            }
        }
    }

    private static List<JsonNode> messages(SseClient events, int count) {
        List<JsonNode> messages = new ArrayList<>();
        while (messages.size() < count) {
            JsonNode frame = events.next(Duration.ofMinutes(2));
            if (frame.get("type").asText().equals("message")) {
                messages.add(frame);
            }
        }
        return messages;
    }
}
