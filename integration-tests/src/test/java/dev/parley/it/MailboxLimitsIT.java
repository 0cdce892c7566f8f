package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.WildFlyServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mailbox's limits on a gateway configured tightly: a per-device send rate of 20 per minute, a retention of
 * 10 entries per conversation pruned every second.
 */
@ExtendWith(ParleyStack.class)
class MailboxLimitsIT {

    private static WildFlyServer gateway;
    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void startTightGateway(ParleyStack.Running stack) throws Exception {
        gateway = stack.extraGateway("wildfly-mailbox-limits")
                .systemProperty("parley.conversations.messages-per-minute", "40")
                .systemProperty("parley.mailbox.retention-max-entries", "10")
                .systemProperty("parley.mailbox.prune-interval-seconds", "1");
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
    void aSenderOverItsRateGetsRateLimitedWithRetryAfterAndNothingIsStored() {
        MailboxIT.Pair pair = MailboxIT.pair(gateway.gatewayUri(), auth, ds);
        MailboxClient alice = pair.aliceClient();
        JsonNode refused = null;
        int accepted = 0;
        for (int i = 0; i < 60 && refused == null; i++) {
            JsonNode answer = alice.request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", "r-" + i,
                    "message", DeliveryService.b64(pair.alice().protect("burst " + i))));
            if (answer.get("type").asText().equals("error")) {
                refused = answer;
            } else {
                accepted++;
            }
        }
        assertThat(refused).as("the burst is refused at some point").isNotNull();
        assertThat(refused.get("error").asText()).isEqualTo("rate_limited");
        assertThat(refused.get("retry_after_seconds").asLong()).isPositive();
        // the refused message was not stored, and bob's device (another device) can still send
        assertThat(HttpCalls.json(ds.get(pair.alice(), "conversations/" + pair.roomId())).get("last_seq").asLong())
                .isEqualTo(2 + accepted);
        JsonNode bobSends = pair.bobClient().request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", "b-1",
                "message", DeliveryService.b64(pair.bob().protect("still fine"))));
        assertThat(bobSends.get("type").asText()).as(bobSends.toString()).isEqualTo("sent");
        assertThat(bobSends.get("seq").asLong()).isEqualTo(3 + accepted);
        alice.close();
        pair.bobClient().close();
    }

    @Test
    void aDeviceWhoseCursorFellIntoPrunedHistoryGetsHistoryGapThenTheRestOverWebSocketAndRest() throws Exception {
        MailboxIT.Pair pair = MailboxIT.pair(gateway.gatewayUri(), auth, ds);
        assertThat(pair.bobClient().ack(pair.roomId(), 2).get("seq").asLong()).isEqualTo(2);
        pair.bobClient().close();
        pair.bobClient().socket.awaitClose(Duration.ofSeconds(10));
        MailboxClient alice = pair.aliceClient();
        for (int i = 0; i < 25; i++) {
            JsonNode sent = alice.request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", "h-" + i,
                    "message", DeliveryService.b64(pair.alice().protect("history " + i))));
            assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("sent");
        }
        // 27 entries; retention keeps the newest 10 (seqs 18..27) once the pruner ran
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ds.entries(pair.alice(), pair.roomId(), 0).size() > 10 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(ds.entries(pair.alice(), pair.roomId(), 0)).extracting(e -> e.get("seq").asLong())
                .containsExactlyElementsOf(MailboxIT.range(18, 27));

        // REST says the same: bob's page after his cursor starts at 18 and names the gap
        JsonNode page = HttpCalls.json(ds.log(pair.bob(), pair.roomId(), 2, 100));
        assertThat(page.path("first_available_seq").asLong()).as(page.toString()).isEqualTo(18);
        assertThat(page.get("entries")).extracting(e -> e.get("seq").asLong())
                .containsExactlyElementsOf(MailboxIT.range(18, 27));
        JsonNode whole = HttpCalls.json(ds.log(pair.bob(), pair.roomId(), 20, 100));
        assertThat(whole.has("first_available_seq")).as("nothing missing after 20: " + whole).isFalse();

        MailboxClient bob = MailboxClient.connect(gateway.gatewayUri(), ds, pair.bob());
        JsonNode gap = bob.read(Duration.ofSeconds(30));
        assertThat(gap.get("type").asText()).as(gap.toString()).isEqualTo("history_gap");
        assertThat(gap.get("conversation_id").asText()).isEqualTo(pair.roomId());
        assertThat(gap.get("first_available_seq").asLong()).isEqualTo(18);
        List<JsonNode> rest = bob.awaitCaughtUp(Duration.ofSeconds(30));
        assertThat(rest).extracting(m -> m.get("seq").asLong()).containsExactlyElementsOf(MailboxIT.range(18, 27));
        bob.close();
        alice.close();
    }
}
