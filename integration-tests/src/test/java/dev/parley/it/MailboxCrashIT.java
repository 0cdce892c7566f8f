package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.WildFlyServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No acknowledged message is lost when the gateway crashes: a client streams messages over the WebSocket, the
 * gateway's JVM is killed with SIGKILL mid-stream and started again; every message the client saw answered with
 * {@code sent} is in the log with the seq it was given, seqs have no gap, and resending the unanswered msg_ids
 * (the same bytes) creates no duplicates.
 */
@ExtendWith(ParleyStack.class)
class MailboxCrashIT {

    private static WildFlyServer gateway;
    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void startCrashableGateway(ParleyStack.Running stack) throws Exception {
        gateway = stack.extraGateway("wildfly-crash");
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
}
