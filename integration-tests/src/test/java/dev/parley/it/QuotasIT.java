package dev.parley.it;

import static dev.parley.it.DeliveryService.assertError;
import static dev.parley.it.DeliveryService.b64;
import static dev.parley.it.DeliveryService.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.WildFlyServer;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-user quotas and the log's byte limits on a gateway configured tightly: 3 conversations created per day,
 * 4 taken part in at once, 40,000 message bytes per user per day, 3 KeyPackage uploads per minute and a pool of 5 per device, 1 add per
 * commit, 1 GroupInfo kept, 16 KiB per MLS message, and a retention of 3 entries pruned every second. Every refusal
 * has its documented code and leaves nothing behind.
 */
@ExtendWith(ParleyStack.class)
class QuotasIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static WildFlyServer gateway;
    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void startTightGateway(ParleyStack.Running stack) throws Exception {
        gateway = stack.extraGateway("wildfly-quotas")
                .systemProperty("parley.quota.conversations-per-day", "3")
                .systemProperty("parley.quota.conversations-per-user", "4")
                .systemProperty("parley.quota.message-bytes-per-day", "40000")
                .systemProperty("parley.key-packages.uploads-per-minute", "3")
                .systemProperty("parley.key-packages.max-pool", "5")
                .systemProperty("parley.conversations.max-adds-per-commit", "1")
                .systemProperty("parley.conversations.group-infos-kept", "1")
                .systemProperty("parley.mailbox.max-envelope-bytes", "16384")
                .systemProperty("parley.mailbox.retention-max-entries", "3")
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

    private static MlsDevice device(String deviceId) {
        return MlsDevice.register(auth, auth.userWithIdentity(), deviceId);
    }

    private static byte[] groupId() {
        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        return groupId;
    }

    private static String createRoom(MlsDevice creator) {
        byte[] groupId = groupId();
        HttpResponse<String> created = ds.createRoom(creator, "Room " + UUID.randomUUID(), groupId, creator.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return HttpCalls.json(created).get("conversation_id").asText();
    }

    private static int conversationCount(MlsDevice device) {
        return HttpCalls.json(ds.get(device, "conversations")).get("conversations").size();
    }

    private static long lastSeq(MlsDevice device, String conversationId) {
        return HttpCalls.json(ds.get(device, "conversations/" + conversationId)).get("last_seq").asLong();
    }

    @Test
    void theFourthConversationOfADayIsRefusedWithQuotaExceededAndNothingIsCreated() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        for (int i = 0; i < 3; i++) {
            createRoom(alice);
        }

        byte[] groupId = groupId();
        HttpResponse<String> room = ds.createRoom(alice, "one too many", groupId, alice.createGroup(groupId));
        assertError(room, 429, "quota_exceeded");
        long retryAfter = HttpCalls.json(room).get("retry_after_seconds").asLong();
        assertThat(retryAfter).as("the oldest creation ages out in about a day").isBetween(23 * 3600L, 24 * 3600L);
        assertThat(room.headers().firstValue("Retry-After")).hasValue(Long.toString(retryAfter));
        assertError(ds.createDm(alice, bob.user.id(), groupId()), 429, "quota_exceeded");
        assertThat(conversationCount(alice)).isEqualTo(3);
        assertThat(conversationCount(bob)).as("the refused direct conversation does not exist").isZero();

        // the group_id of the refused room is free: another user creates a room with it
        HttpResponse<String> bobsRoom = ds.createRoom(bob, "bob's", groupId, bob.createGroup(groupId));
        assertThat(bobsRoom.statusCode()).as(bobsRoom.body()).isEqualTo(201);
    }

    @Test
    void aUserInAsManyConversationsAsAllowedCanBeNeitherAddedNorOpenedADirectConversationWith() {
        MlsDevice erin = device("phone");
        for (int i = 0; i < 3; i++) {
            createRoom(erin);
        }
        MlsDevice frank = device("laptop");
        HttpResponse<String> dm = ds.createDm(frank, erin.user.id(), groupId());
        assertThat(dm.statusCode()).as(dm.body()).isEqualTo(201);
        assertThat(conversationCount(erin)).isEqualTo(4);

        MlsDevice dave = device("laptop");
        assertError(ds.createDm(dave, erin.user.id(), groupId()), 403, "conversation_limit_reached");
        assertThat(conversationCount(dave)).isZero();

        ds.uploadKeyPackages(erin, 1);
        String room = createRoom(dave);
        JsonNode claimed = ds.claim(dave, erin);
        MlsDevice.PendingCommit add = dave.commitAdds(List.of(claimed.get("key_package").asText()));
        assertError(ds.commit(dave, room, "add-erin", add, List.of(claimed.get("ref").asText()), List.of()), 403,
                "conversation_limit_reached");
        JsonNode untouched = HttpCalls.json(ds.get(dave, "conversations/" + room));
        assertThat(untouched.get("epoch").asLong()).isZero();
        assertThat(untouched.get("last_seq").asLong()).isZero();
        assertThat(conversationCount(erin)).isEqualTo(4);
    }

    @Test
    void anEpochZeroGroupInfoOverTheEnvelopeLimitIsRefused() {
        MlsDevice alice = device("laptop");
        byte[] oversized = new byte[16385];
        RANDOM.nextBytes(oversized);

        assertError(ds.createRoom(alice, "big", groupId(), oversized), 413, "envelope_too_large");
        assertThat(conversationCount(alice)).isZero();
    }

    @Test
    void keyPackageUploadsAreRateLimitedAndThePoolIsCappedPerDevice() {
        MlsDevice phone = device("phone");
        assertThat(ds.send("POST", "key-packages", phone, Map.of("key_packages", phone.newKeyPackages(2))).statusCode())
                .isEqualTo(200);
        assertThat(ds.send("POST", "key-packages", phone, Map.of("key_packages", phone.newKeyPackages(2))).statusCode())
                .isEqualTo(200);

        HttpResponse<String> full = ds.send("POST", "key-packages", phone, Map.of("key_packages", phone.newKeyPackages(2)));
        assertError(full, 409, "key_package_pool_full");
        assertThat(ds.keyPackageCount(phone)).as("the refused upload stored nothing").isEqualTo(4);

        // the refused upload took nothing of the rate: a third upload passes, filling the pool
        assertThat(ds.send("POST", "key-packages", phone, Map.of("key_packages", phone.newKeyPackages(1))).statusCode())
                .isEqualTo(200);
        HttpResponse<String> limited = ds.send("POST", "key-packages", phone, Map.of("key_packages", phone.newKeyPackages(1)));
        assertError(limited, 429, "rate_limited");
        assertThat(HttpCalls.json(limited).get("retry_after_seconds").asLong()).isPositive();
        assertThat(ds.keyPackageCount(phone)).isEqualTo(5);
    }

    @Test
    void aCommitAddsAtMostTheCapAndTheWelcomeAndOnlyTheLatestGroupInfoAreKept() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        ds.uploadKeyPackages(bob, 1);
        ds.uploadKeyPackages(carol, 1);
        String room = createRoom(alice);
        JsonNode bobKp = ds.claim(alice, bob);
        JsonNode carolKp = ds.claim(alice, carol);

        MlsDevice.PendingCommit both = alice.commitAdds(List.of(bobKp.get("key_package").asText(),
                carolKp.get("key_package").asText()));
        assertError(ds.commit(alice, room, "add-both", both, List.of(bobKp.get("ref").asText(), carolKp.get("ref").asText()),
                List.of()), 400, "too_many_adds");
        JsonNode untouched = HttpCalls.json(ds.get(alice, "conversations/" + room));
        assertThat(untouched.get("epoch").asLong()).isZero();
        assertThat(untouched.get("last_seq").asLong()).isZero();

        MlsDevice.PendingCommit addBob = alice.commitAdds(List.of(bobKp.get("key_package").asText()));
        HttpResponse<String> committed = ds.commit(alice, room, "add-bob", addBob, List.of(bobKp.get("ref").asText()), List.of());
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        alice.applyOwn(addBob);

        List<JsonNode> bobsEntries = ds.entries(bob, room, 0);
        assertThat(bobsEntries).extracting(e -> e.get("kind").asText()).containsExactly("welcome");
        assertThat(bytes(bobsEntries.get(0).get("message"))).as("the Welcome as the committer sent it").isEqualTo(addBob.welcome());
        bob.join(bytes(bobsEntries.get(0).get("message")));

        JsonNode latest = HttpCalls.json(ds.get(bob, "conversations/" + room + "/group-info"));
        assertThat(latest.get("epoch").asLong()).isEqualTo(1);
        assertThat(bytes(latest.get("group_info"))).isEqualTo(addBob.groupInfo());
        assertError(ds.get(bob, "conversations/" + room + "/group-info?epoch=0"), 404, "group_info_not_found");
    }

    @Test
    void aUserPastTheDailyByteQuotaGetsQuotaExceededOverRestAndWebSocketAndNothingIsStored() {
        MlsDevice alice = device("laptop");
        String room = createRoom(alice);
        String text = "x".repeat(8000);
        int accepted = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            HttpResponse<String> sent = ds.sendMessage(alice, room, "big-" + i, alice.protect(text));
            if (sent.statusCode() == 200) {
                accepted++;
            } else {
                refused = sent;
            }
        }
        assertThat(refused).as("40,000 bytes hold fewer than ten messages of 8,000").isNotNull();
        assertError(refused, 429, "quota_exceeded");
        assertThat(HttpCalls.json(refused).get("retry_after_seconds").asLong()).isPositive();
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(accepted).isBetween(3, 4);
        assertThat(lastSeq(alice, room)).isEqualTo(accepted);

        try (MailboxClient socket = MailboxClient.connect(gateway.gatewayUri(), ds, alice)) {
            JsonNode answer = socket.request(Map.of("type", "send", "conversation_id", room, "msg_id", "ws-big",
                    "message", b64(alice.protect(text))));
            assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("error");
            assertThat(answer.get("error").asText()).isEqualTo("quota_exceeded");
            assertThat(answer.get("retry_after_seconds").asLong()).isPositive();
        }
        assertThat(lastSeq(alice, room)).isEqualTo(accepted);

        // the quota is the user's, not the conversation's: another user's messages pass
        MlsDevice bob = device("phone");
        String bobsRoom = createRoom(bob);
        assertThat(ds.sendMessage(bob, bobsRoom, "small", bob.protect("hello")).statusCode()).isEqualTo(200);
    }

    @Test
    void retentionKeepsACommitThatAnOfflineMemberHasNotRead() throws Exception {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        ds.uploadKeyPackages(bob, 1);
        ds.uploadKeyPackages(carol, 1);
        String room = createRoom(alice);
        add(alice, room, bob, "add-bob");
        List<JsonNode> welcome = ds.entries(bob, room, 0);
        bob.join(bytes(welcome.get(0).get("message")));
        assertThat(ds.send("POST", "conversations/" + room + "/ack", bob, Map.of("seq", 2)).statusCode()).isEqualTo(200);

        // bob goes offline; alice writes, adds carol (commit at seq 8), writes on: 14 entries, retention keeps 3
        for (int i = 0; i < 5; i++) {
            assertThat(ds.sendMessage(alice, room, "before-" + i, alice.protect("before " + i)).statusCode()).isEqualTo(200);
        }
        long commitSeq = add(alice, room, carol, "add-carol");
        assertThat(commitSeq).isEqualTo(8);
        for (int i = 0; i < 5; i++) {
            assertThat(ds.sendMessage(alice, room, "after-" + i, alice.protect("after " + i)).statusCode()).isEqualTo(200);
        }

        JsonNode page = awaitHistoryGap(bob, room, commitSeq);
        assertThat(page.get("first_available_seq").asLong())
                .as("retention stopped before the commit bob has not read").isEqualTo(commitSeq);
        JsonNode first = page.get("entries").get(0);
        assertThat(first.get("kind").asText()).isEqualTo("commit");
        assertThat(first.get("seq").asLong()).isEqualTo(commitSeq);
        bob.handleCommit(bytes(first.get("message")));
        JsonNode next = page.get("entries").get(1);
        assertThat(next.get("msg_id").asText()).isEqualTo("after-0");
        assertThat(bob.unprotect(bytes(next.get("message")))).as("bob follows the group past the commit").isEqualTo("after 0");

        List<JsonNode> carols = ds.entries(carol, room, 0);
        assertThat(carols.get(0).get("kind").asText()).as("carol's Welcome was kept for her").isEqualTo("welcome");
        assertThat(carols.get(0).get("seq").asLong()).isEqualTo(commitSeq + 1);
    }

    /** Claims a KeyPackage of {@code device} and commits its Add over REST; returns the commit's seq. */
    private static long add(MlsDevice committer, String room, MlsDevice device, String msgId) {
        JsonNode claimed = ds.claim(committer, device);
        MlsDevice.PendingCommit add = committer.commitAdds(List.of(claimed.get("key_package").asText()));
        HttpResponse<String> committed = ds.commit(committer, room, msgId, add, List.of(claimed.get("ref").asText()), List.of());
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        committer.applyOwn(add);
        return HttpCalls.json(committed).get("seq").asLong();
    }

    /**
     * Bob's page after his cursor once the pruner (every second) has cut the log up to {@code atLeast}, and then three
     * more of its rounds have passed (so the page shows where retention stops for good, not a cut on the way).
     */
    private static JsonNode awaitHistoryGap(MlsDevice bob, String room, long atLeast) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonNode page = bobsPage(bob, room);
            if (page.hasNonNull("first_available_seq") && page.get("first_available_seq").asLong() >= atLeast) {
                Thread.sleep(3000);
                return bobsPage(bob, room);
            }
            assertThat(Instant.now()).as("the pruner cut the log within 30 s: " + page).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static JsonNode bobsPage(MlsDevice bob, String room) {
        HttpResponse<String> response = ds.log(bob, room, 2, 500);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpCalls.json(response);
    }
}
