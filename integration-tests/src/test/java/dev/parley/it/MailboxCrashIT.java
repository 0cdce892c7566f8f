package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.WildFlyServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No acknowledged message is lost when the gateway crashes: clients stream messages over the WebSocket, the
 * gateway's JVM is killed with SIGKILL mid-stream and started again; every message a client saw answered with
 * {@code sent} is in the log with the seq it was given, seqs have no gap, and resending the unanswered msg_ids
 * (the same bytes) creates no duplicates. The crashing gateway runs on the database under test (on PostgreSQL it
 * shares the database with the stack's main gateway).
 */
@ExtendWith(ParleyStack.class)
class MailboxCrashIT {

    private static WildFlyServer gateway;
    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void startCrashableGateway(ParleyStack.Running stack) throws Exception {
        gateway = stack.extraGatewayOnTestDatabase("wildfly-crash");
        gateway.start();
        gateway.awaitReady(Duration.ofMinutes(4), () -> { });
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(gateway.gatewayUri(), stack);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void everyAnsweredMessageSurvivesAKillAndResendsCreateNoDuplicates() throws Exception {
        MailboxIT.Pair pair = MailboxIT.pair(gateway.gatewayUri(), auth, ds);
        pair.bobClient().close();
        MailboxClient alice = pair.aliceClient();
        Map<String, byte[]> outgoing = new LinkedHashMap<>();
        Map<String, Long> answered = new HashMap<>();
        int total = 3_000;
        int next = 0;
        boolean killed = false;
        try {
            while (next < total) {
                while (next < total && next - alice.sent.size() < MailboxIT.WINDOW) {
                    String msgId = "c-" + next++;
                    byte[] message = pair.alice().protect("crash " + msgId);
                    outgoing.put(msgId, message);
                    alice.send(pair.roomId(), msgId, message);
                }
                alice.read(Duration.ofSeconds(30));
                if (!killed && alice.sent.size() >= 500) {
                    gateway.kill();
                    killed = true;
                }
            }
        } catch (AssertionError | RuntimeException connectionLost) {
            assertThat(killed).as("the stream only breaks because of the kill: " + connectionLost).isTrue();
        }
        assertThat(killed).isTrue();
        for (JsonNode sent : alice.sent) {
            answered.put(sent.get("id").asText(), sent.get("seq").asLong());
        }
        assertThat(answered).hasSizeGreaterThanOrEqualTo(500);

        gateway.start();
        gateway.awaitReady(Duration.ofMinutes(4), () -> { });

        List<JsonNode> log = ds.entries(pair.alice(), pair.roomId(), 0);
        Map<String, Long> stored = new HashMap<>();
        for (JsonNode entry : log) {
            if (entry.get("kind").asText().equals("application")) {
                stored.put(entry.get("msg_id").asText(), entry.get("seq").asLong());
            }
        }
        assertThat(stored).as("every answered message is in the log with its seq").containsAllEntriesOf(answered);
        // alice reads every entry but bob's Welcome (seq 2): 1, 3, 4, ... without a gap
        assertThat(log).extracting(e -> e.get("seq").asLong()).as("no gap")
                .containsExactlyElementsOf(MailboxIT.range(1, log.size() + 1).stream().filter(seq -> seq != 2).toList());

        // resend everything that was not answered (with the same bytes), then send what was never sent
        MailboxClient again = MailboxClient.connect(gateway.gatewayUri(), ds, pair.alice());
        again.awaitCaughtUp(Duration.ofMinutes(2));
        Set<Long> seqs = new HashSet<>(stored.values());
        for (int i = 0; i < total; i++) {
            String msgId = "c-" + i;
            if (answered.containsKey(msgId)) {
                continue;
            }
            byte[] message = outgoing.containsKey(msgId) ? outgoing.get(msgId) : pair.alice().protect("crash " + msgId);
            JsonNode answer = again.request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", msgId,
                    "message", DeliveryService.b64(message)));
            assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("sent");
            if (stored.containsKey(msgId)) {
                assertThat(answer.get("duplicate").asBoolean()).as("stored before the crash, unanswered").isTrue();
                assertThat(answer.get("seq").asLong()).isEqualTo(stored.get(msgId));
            } else {
                assertThat(answer.get("duplicate").asBoolean()).isFalse();
                assertThat(seqs.add(answer.get("seq").asLong())).isTrue();
            }
        }
        List<JsonNode> after = ds.entries(pair.alice(), pair.roomId(), 2);
        assertThat(after).hasSize(total);
        assertThat(after).extracting(e -> e.get("seq").asLong()).containsExactlyElementsOf(MailboxIT.range(3, total + 2));
        assertThat(new HashSet<>(after.stream().map(e -> e.get("msg_id").asText()).toList())).hasSize(total);
        again.close();
    }

    /**
     * Ten connections send at once — both devices of five rooms, so batches mix messages of one conversation from two
     * senders and of several conversations — while the gateway is killed: after the restart every answered message is
     * in its room's log with the seq it was answered with, each room's seqs are gap-free, and no msg_id is stored twice.
     */
    @Test
    void everyAnsweredMessageOfTenConcurrentSendersSurvivesAKill() throws Exception {
        List<MailboxIT.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(MailboxIT.pair(gateway.gatewayUri(), auth, ds));
        }
        record Sender(String roomId, MlsDevice device, MailboxClient client) {
        }
        List<Sender> senders = new ArrayList<>();
        for (MailboxIT.Pair pair : pairs) {
            senders.add(new Sender(pair.roomId(), pair.alice(), pair.aliceClient()));
            senders.add(new Sender(pair.roomId(), pair.bob(), pair.bobClient()));
        }
        int perSender = 2_000;
        AtomicInteger answeredInAll = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(senders.size());
        List<Future<Map<String, Long>>> answers = new ArrayList<>();
        for (Sender sender : senders) {
            answers.add(threads.submit(() -> {
                MailboxClient client = sender.client();
                int next = 0;
                try {
                    while (client.sent.size() < perSender) {
                        while (next < perSender && next - client.sent.size() < MailboxIT.WINDOW) {
                            String msgId = sender.device().deviceId + "-" + next++;
                            client.send(sender.roomId(), msgId, sender.device().protect("ten " + msgId));
                        }
                        if (client.read(Duration.ofSeconds(30)).path("type").asText().equals("sent")) {
                            answeredInAll.incrementAndGet();
                        }
                    }
                } catch (AssertionError | RuntimeException connectionLost) {
                    // the kill ends every stream; what was answered until then is what counts
                }
                Map<String, Long> answered = new HashMap<>();
                for (JsonNode sent : client.sent) {
                    answered.put(sent.get("id").asText(), sent.get("seq").asLong());
                }
                return answered;
            }));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (answeredInAll.get() < 1_000 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(answeredInAll.get()).as("answers before the kill").isGreaterThanOrEqualTo(1_000);
        gateway.kill();
        threads.shutdown();
        assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        Map<String, Map<String, Long>> answeredByRoom = new HashMap<>();
        for (int i = 0; i < senders.size(); i++) {
            answeredByRoom.computeIfAbsent(senders.get(i).roomId(), room -> new HashMap<>()).putAll(answers.get(i).get());
        }
        assertThat(answeredByRoom.values().stream().mapToInt(Map::size).sum())
                .as("the kill came while the ten were sending").isLessThan(senders.size() * perSender);

        gateway.start();
        gateway.awaitReady(Duration.ofMinutes(4), () -> { });
        for (MailboxIT.Pair pair : pairs) {
            List<JsonNode> log = ds.entries(pair.alice(), pair.roomId(), 0);
            Map<String, Long> stored = new HashMap<>();
            int applications = 0;
            for (JsonNode entry : log) {
                if (entry.get("kind").asText().equals("application")) {
                    applications++;
                    stored.put(entry.get("msg_id").asText(), entry.get("seq").asLong());
                }
            }
            assertThat(stored).as("every answered message of %s is in the log with its seq", pair.roomId())
                    .containsAllEntriesOf(answeredByRoom.get(pair.roomId()));
            assertThat(stored).as("no msg_id twice").hasSize(applications);
            // alice reads every entry but bob's Welcome (seq 2): 1, 3, 4, ... without a gap
            assertThat(log).extracting(e -> e.get("seq").asLong()).as("no gap in %s", pair.roomId())
                    .containsExactlyElementsOf(MailboxIT.range(1, log.size() + 1).stream().filter(seq -> seq != 2).toList());
        }
    }
}
