package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mailbox over the WebSocket door: real users and devices, real device proofs, real MLS messages (bcmls). Two
 * devices exchange 10,000 messages; a device that was offline catches up on exactly what it missed, then
 * {@code caught_up}; refusals are error frames that change nothing.
 */
@ExtendWith(ParleyStack.class)
class MailboxIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LONG = Duration.ofMinutes(5);
    /**
     * Unanswered requests a client keeps at most: answers are not paced like deliveries, so a client keeps fewer
     * requests in flight than half its outbound queue (64 frames in the tests), see docs/protocol.md.
     */
    static final int WINDOW = 16;

    private static AuthService auth;
    private static DeliveryService ds;
    private static URI gateway;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(stack);
        gateway = stack.wildfly().gatewayUri();
    }

    /** A room of two devices of two users, built over the WebSocket: the Welcome arrives as a pushed message. */
    record Pair(String roomId, MlsDevice alice, MlsDevice bob, MailboxClient aliceClient, MailboxClient bobClient) {
    }

    static Pair pair() {
        return pair(gateway, auth, ds);
    }

    static Pair pair(URI gateway, AuthService auth, DeliveryService ds) {
        return pair(gateway, gateway, auth, ds);
    }

    /** As {@link #pair(URI, AuthService, DeliveryService)}, alice connected to one gateway and bob to another. */
    static Pair pair(URI aliceGateway, URI bobGateway, AuthService auth, DeliveryService ds) {
        MlsDevice alice = MlsDevice.register(auth, auth.userWithIdentity(), "laptop");
        MlsDevice bob = MlsDevice.register(auth, auth.userWithIdentity(), "phone");
        ds.uploadKeyPackages(bob, 2);
        MailboxClient aliceClient = MailboxClient.connect(aliceGateway, ds, alice);
        MailboxClient bobClient = MailboxClient.connect(bobGateway, ds, bob);
        assertThat(aliceClient.awaitCaughtUp(Duration.ofSeconds(30))).isEmpty();
        assertThat(bobClient.awaitCaughtUp(Duration.ofSeconds(30))).isEmpty();

        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        HttpResponse<String> created = ds.createRoom(alice, "Room " + UUID.randomUUID(), groupId, alice.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String roomId = HttpCalls.json(created).get("conversation_id").asText();
        JsonNode claimed = ds.claim(alice, bob);
        MlsDevice.PendingCommit add = alice.commitAdds(List.of(claimed.get("key_package").asText()));
        JsonNode committed = aliceClient.request(Map.of("type", "commit", "conversation_id", roomId, "msg_id", "add-bob",
                "commit", DeliveryService.b64(add.commit()), "welcome", DeliveryService.b64(add.welcome()),
                "group_info", DeliveryService.b64(add.groupInfo()), "adds", List.of(claimed.get("ref").asText())));
        assertThat(committed.get("type").asText()).as(committed.toString()).isEqualTo("committed");
        assertThat(committed.get("seq").asLong()).isEqualTo(1);
        alice.applyOwn(add);

        // the echo of the commit may arrive before or after the answer
        bobClient.readUntil(1, 0, Duration.ofSeconds(30));
        JsonNode welcome = bobClient.messages.get(0);
        assertThat(welcome.get("kind").asText()).isEqualTo("welcome");
        assertThat(welcome.get("seq").asLong()).isEqualTo(2);
        bob.join(DeliveryService.bytes(welcome.get("message")));
        aliceClient.readUntil(1, 0, Duration.ofSeconds(30));
        JsonNode echo = aliceClient.messages.get(0);
        assertThat(echo.get("kind").asText()).as("the committer's own commit comes back").isEqualTo("commit");
        assertThat(echo.get("seq").asLong()).isEqualTo(1);
        return new Pair(roomId, alice, bob, aliceClient, bobClient);
    }

    static JsonNode nextMessage(MailboxClient client) {
        int before = client.messages.size();
        client.readUntil(before + 1, 0, Duration.ofSeconds(30));
        return client.messages.get(before);
    }

    @Test
    void twoDevicesExchangeTenThousandMessagesOverWebSocket() {
        Pair pair = pair();
        int each = 5_000;
        CompletableFuture<Void> aliceSide = CompletableFuture.runAsync(() -> exchange(pair.aliceClient(), pair.roomId(), each, 2 * each + 1));
        CompletableFuture<Void> bobSide = CompletableFuture.runAsync(() -> exchange(pair.bobClient(), pair.roomId(), each, 2 * each + 1));
        CompletableFuture.allOf(aliceSide, bobSide).join();

        for (MailboxClient client : List.of(pair.aliceClient(), pair.bobClient())) {
            List<JsonNode> applications = client.messagesOf(pair.roomId()).stream()
                    .filter(m -> m.get("kind").asText().equals("application")).toList();
            assertThat(applications).hasSize(2 * each);
            Set<String> msgIds = new HashSet<>();
            applications.forEach(m -> msgIds.add(m.get("msg_id").asText()));
            assertThat(msgIds).as("none lost, none twice").hasSize(2 * each);
            assertThat(applications).extracting(m -> m.get("seq").asLong())
                    .as("seqs 3..10002, each once, in order").containsExactlyElementsOf(range(3, 2L * each + 2));
        }
        // Every answered message is in the log, and the payloads are the real MLS messages
        assertThat(ds.entries(pair.alice(), pair.roomId(), 2)).hasSize(2 * each);
        JsonNode firstOfAlice = pair.bobClient().messagesOf(pair.roomId()).stream()
                .filter(m -> m.path("msg_id").asText().equals(pair.alice().deviceId + "-0")).findFirst().orElseThrow();
        assertThat(pair.bob().unprotect(DeliveryService.bytes(firstOfAlice.get("message")))).isEqualTo("laptop says 0");
        pair.aliceClient().close();
        pair.bobClient().close();
    }

    /**
     * Sends {@code count} messages with at most {@link #WINDOW} unanswered, while reading everything, until
     * {@code expected} arrived.
     */
    static void exchange(MailboxClient client, String roomId, int count, int expected) {
        int window = WINDOW;
        int sentCount = 0;
        while (sentCount < count) {
            while (sentCount < count && sentCount - client.sent.size() < window) {
                client.send(roomId, client.device.deviceId + "-" + sentCount,
                        client.device.protect(client.device.deviceId + " says " + sentCount));
                sentCount++;
            }
            client.read(Duration.ofSeconds(60));
        }
        client.readUntil(expected, count, LONG);
        assertThat(client.sent).allSatisfy(answer -> {
            assertThat(answer.get("type").asText()).isEqualTo("sent");
            assertThat(answer.get("duplicate").asBoolean()).isFalse();
        });
    }

    @Test
    void anOfflineDeviceReceivesExactlyWhatItMissedThenCaughtUp() {
        Pair pair = pair();
        JsonNode acked = pair.bobClient().ack(pair.roomId(), 2);
        assertThat(acked.get("type").asText()).as(acked.toString()).isEqualTo("acked");
        assertThat(acked.get("seq").asLong()).isEqualTo(2);
        pair.bobClient().close();
        pair.bobClient().socket.awaitClose(Duration.ofSeconds(10));

        int missed = 5_000;
        MailboxClient alice = pair.aliceClient();
        for (int i = 0; i < missed; i++) {
            alice.send(pair.roomId(), "offline-" + i, pair.alice().protect("while you were away " + i));
            while (i + 1 - alice.sent.size() >= WINDOW) {
                alice.read(Duration.ofSeconds(60));
            }
        }
        alice.readUntil(1 + missed, missed, LONG);
        assertThat(alice.sent).extracting(s -> s.get("seq").asLong()).containsExactlyElementsOf(range(3, missed + 2));

        // A lagging reader: the first 500 frames of its catch-up are read slowly. The gateway's queue holds 64 frames
        // (parley.ws.outbound-queue-frames in the tests): the catch-up must fill it as it drains, never overflow it.
        MailboxClient bob = MailboxClient.connect(gateway, ds, pair.bob(), 500, 2);
        List<JsonNode> caughtUp = bob.awaitCaughtUp(LONG);
        assertThat(bob.socket.isClosed()).as("not closed as a slow consumer").isFalse();
        assertThat(caughtUp).extracting(m -> m.get("seq").asLong()).containsExactlyElementsOf(range(3, missed + 2));
        assertThat(caughtUp).extracting(m -> m.get("msg_id").asText())
                .containsExactlyElementsOf(range(0, missed - 1).stream().map(i -> "offline-" + i).toList());
        assertThat(caughtUp).allSatisfy(m -> {
            assertThat(m.get("kind").asText()).isEqualTo("application");
            assertThat(m.get("sender_user_id").asText()).isEqualTo(pair.alice().user.id());
            assertThat(m.get("sender_device_id").asText()).isEqualTo("laptop");
            assertThat(m.get("epoch").asLong()).isEqualTo(1);
        });
        assertThat(pair.bob().unprotect(DeliveryService.bytes(caughtUp.get(0).get("message")))).isEqualTo("while you were away 0");

        // then live messages, and the cursor follows the acks across connections
        alice.send(pair.roomId(), "live-1", pair.alice().protect("live"));
        JsonNode live = nextMessage(bob);
        assertThat(live.get("seq").asLong()).isEqualTo(missed + 3);
        assertThat(bob.ack(pair.roomId(), missed + 3).get("seq").asLong()).isEqualTo(missed + 3);
        bob.close();
        bob.socket.awaitClose(Duration.ofSeconds(10));
        MailboxClient again = MailboxClient.connect(gateway, ds, pair.bob());
        assertThat(again.awaitCaughtUp(Duration.ofSeconds(30))).isEmpty();
        again.close();
        alice.close();
    }

    @Test
    void refusalsAreErrorFramesThatStoreNothing() {
        Pair pair = pair();
        MailboxClient alice = pair.aliceClient();
        // a second device of bob's that is no member of the room
        MlsDevice bobsTablet = MlsDevice.register(auth, pair.bob().user, "tablet");
        MailboxClient tablet = MailboxClient.connect(gateway, ds, bobsTablet);
        tablet.awaitCaughtUp(Duration.ofSeconds(30));
        JsonNode notMember = tablet.request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", "x-1",
                "message", DeliveryService.b64(pair.bob().protect("not from here"))));
        assertThat(notMember.get("type").asText()).isEqualTo("error");
        assertThat(notMember.get("error").asText()).isEqualTo("not_member");

        byte[] huge = new byte[300_000];
        RANDOM.nextBytes(huge);
        JsonNode tooLarge = alice.request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", "big-1",
                "message", DeliveryService.b64(huge)));
        assertThat(tooLarge.get("error").asText()).as(tooLarge.toString()).isEqualTo("envelope_too_large");
        DeliveryService.assertError(ds.sendMessage(pair.alice(), pair.roomId(), "big-2", huge), 413, "envelope_too_large");

        JsonNode badAck = alice.request(Map.of("type", "ack", "conversation_id", pair.roomId()));
        assertThat(badAck.get("error").asText()).isEqualTo("malformed_frame");

        // nothing was stored: the next message takes seq 3, and the connection still works
        JsonNode sent = alice.request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", "ok-1",
                "message", DeliveryService.b64(pair.alice().protect("fine"))));
        assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("sent");
        assertThat(sent.get("seq").asLong()).isEqualTo(3);
        JsonNode again = alice.request(Map.of("type", "send", "conversation_id", pair.roomId(), "msg_id", "ok-1",
                "message", DeliveryService.b64(pair.alice().protect("fine again"))));
        assertThat(again.get("seq").asLong()).as("a resubmitted msg_id returns the original seq").isEqualTo(3);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(ds.entries(pair.alice(), pair.roomId(), 2)).hasSize(1);
        assertThat(nextMessage(pair.bobClient()).get("msg_id").asText()).isEqualTo("ok-1");
        tablet.close();
        alice.close();
        pair.bobClient().close();
    }

    static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}
