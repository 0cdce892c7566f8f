package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Presence against the real stack, with real users, tokens, devices and WebSockets: leases made by a
 * connection and renewed by its heartbeat, status changes pushed to watching contacts within one heartbeat
 * interval, invisible mode and coarse last seen, privacy towards non-contacts and blocked users, the
 * watchlist cap, the rate limits, the protocol-error penalty, revocation, the REST door, and nothing of it in
 * the database. The stack runs with 2 s heartbeats and 5 s leases ({@link ParleyStack}).
 */
@ExtendWith(ParleyStack.class)
class PresenceIT {

    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private static URI gateway;
    private static URI api;
    private static AuthService auth;

    /** A user with one registered device. */
    private record Member(AuthService.User user, String deviceId, KeyPair device) {

        String id() {
            return user.id();
        }

        GatewaySocketClient connect() {
            return GatewaySocketClient.connected(gateway, user.token(), user.id(), deviceId, device.getPrivate());
        }
    }

    @BeforeAll
    static void start(ParleyStack.Running stack) {
        gateway = stack.wildfly().gatewayUri();
        api = gateway.resolve("api/v1/");
        auth = new AuthService(stack.keycloak());
    }

    @Test
    void aContactSeesOnlineAwayInvisibleAndGoneWithinOneHeartbeat() {
        Member alice = member("laptop");
        Member bob = member("phone");
        becomeContacts(alice, bob);
        GatewaySocketClient bobSocket = bob.connect();

        JsonNode watching = bobSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id())));
        assertThat(watching.get("type").asText()).isEqualTo("watching");
        assertThat(watching.get("watching").asInt()).isEqualTo(1);
        assertThat(entry(watching, alice.id()).get("status").asText()).isEqualTo("offline");
        assertThat(entry(watching, alice.id()).has("last_seen")).as("never seen: no last seen").isFalse();

        GatewaySocketClient aliceSocket = alice.connect();
        assertPresence(bobSocket, alice, "online", "now");

        JsonNode set = aliceSocket.request(Map.of("type", "set_presence", "id", "s1", "status", "away"));
        assertThat(set.get("type").asText()).isEqualTo("presence_set");
        assertThat(set.get("status").asText()).isEqualTo("away");
        assertPresence(bobSocket, alice, "away", "now");

        JsonNode invisible = aliceSocket.request(Map.of("type", "set_presence", "id", "s2", "invisible", true));
        assertThat(invisible.get("invisible").asBoolean()).isTrue();
        assertThat(invisible.get("status").asText()).as("the device keeps its own status").isEqualTo("away");
        assertPresence(bobSocket, alice, "offline", "hour");

        aliceSocket.close();
        assertThat(bobSocket.collect(presenceOf(alice), HEARTBEAT.multipliedBy(2)))
                .as("an invisible user leaving changes nothing others can see").isEmpty();
        assertThat(query(bob, alice).get("status").asText()).isEqualTo("offline");
        assertThat(query(bob, alice).get("last_seen").asText()).isEqualTo("hour");

        GatewaySocketClient again = alice.connect();
        assertThat(bobSocket.collect(presenceOf(alice), HEARTBEAT)).as("still invisible after reconnecting").isEmpty();
        again.request(Map.of("type", "set_presence", "id", "s3", "invisible", false));
        assertPresence(bobSocket, alice, "online", "now");

        again.close();
        assertPresence(bobSocket, alice, "offline", "hour");
        bobSocket.close();
    }

    @Test
    void theBestStatusOfTheUsersDevicesIsShown() {
        Member alice = member("laptop");
        KeyPair phone = auth.registerDevice(alice.user(), "phone");
        Member bob = member("phone");
        becomeContacts(alice, bob);
        GatewaySocketClient bobSocket = bob.connect();
        bobSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id())));
        GatewaySocketClient laptop = alice.connect();
        assertPresence(bobSocket, alice, "online", "now");
        laptop.request(Map.of("type", "set_presence", "id", "s1", "status", "busy"));
        assertPresence(bobSocket, alice, "busy", "now");

        GatewaySocketClient phoneSocket = GatewaySocketClient.connected(gateway, alice.user().token(), alice.id(), "phone", phone.getPrivate());
        assertPresence(bobSocket, alice, "online", "now");
        JsonNode away = phoneSocket.request(Map.of("type", "set_presence", "id", "s2", "status", "away"));
        assertThat(away.get("user_status").asText()).isEqualTo("busy");
        assertThat(away.get("devices").get("laptop").asText()).isEqualTo("busy");
        assertPresence(bobSocket, alice, "busy", "now");

        laptop.close();
        assertPresence(bobSocket, alice, "away", "now");
        phoneSocket.close();
        assertPresence(bobSocket, alice, "offline", "hour");
        bobSocket.close();
    }

    @Test
    void aNonContactGetsNothingAndAWatcherSeesItsOwnPresence() {
        Member alice = member("laptop");
        Member carol = member("phone");
        GatewaySocketClient aliceSocket = alice.connect();
        GatewaySocketClient carolSocket = carol.connect();

        JsonNode watching = carolSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id(), carol.id())));

        assertThat(entry(watching, alice.id()).get("status").asText()).isEqualTo("offline");
        assertThat(entry(watching, alice.id()).has("last_seen")).isFalse();
        assertThat(entry(watching, carol.id()).get("status").asText()).as("oneself").isEqualTo("online");
        aliceSocket.request(Map.of("type", "set_presence", "id", "s1", "status", "busy"));
        aliceSocket.close();
        assertThat(carolSocket.collect(presenceOf(alice), HEARTBEAT.multipliedBy(2))).isEmpty();
        JsonNode rest = query(carol, alice);
        assertThat(rest.get("status").asText()).isEqualTo("offline");
        assertThat(rest.has("last_seen")).isFalse();
        carolSocket.close();
    }

    @Test
    void aBlockedWatcherSeesTheBlockerOfflineWithoutLastSeenAtOnce() {
        Member alice = member("laptop");
        Member dave = member("phone");
        becomeContacts(alice, dave);
        GatewaySocketClient aliceSocket = alice.connect();
        GatewaySocketClient daveSocket = dave.connect();
        JsonNode watching = daveSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id())));
        assertThat(entry(watching, alice.id()).get("status").asText()).isEqualTo("online");

        assertThat(HttpCalls.send("PUT", api.resolve("blocks/" + dave.id()), alice.user().token(), null).statusCode()).isEqualTo(204);

        JsonNode hidden = daveSocket.await(presenceOf(alice), HEARTBEAT);
        assertThat(hidden.get("status").asText()).isEqualTo("offline");
        assertThat(hidden.has("last_seen")).isFalse();
        aliceSocket.request(Map.of("type", "set_presence", "id", "s1", "status", "away"));
        aliceSocket.close();
        assertThat(daveSocket.collect(presenceOf(alice), HEARTBEAT.multipliedBy(2))).isEmpty();
        JsonNode again = daveSocket.request(Map.of("type", "watch", "id", "w2", "user_ids", List.of(alice.id())));
        assertThat(entry(again, alice.id()).has("last_seen")).isFalse();
        daveSocket.close();
    }

    @Test
    void watchingPastTheCapIsRefusedAndAddsNothing() {
        Member bob = member("phone");
        GatewaySocketClient socket = bob.connect();
        List<String> many = randomUserIds(200);

        JsonNode full = socket.request(Map.of("type", "watch", "id", "w1", "user_ids", many));
        assertThat(full.get("watching").asInt()).isEqualTo(200);
        assertThat(full.get("presence")).hasSize(200);

        JsonNode refused = socket.request(Map.of("type", "watch", "id", "w2", "user_ids", randomUserIds(1)));
        assertThat(refused.get("type").asText()).isEqualTo("error");
        assertThat(refused.get("error").asText()).isEqualTo("watchlist_full");
        JsonNode again = socket.request(Map.of("type", "watch", "id", "w3", "user_ids", many.subList(0, 3)));
        assertThat(again.get("watching").asInt()).as("re-watching is no addition").isEqualTo(200);
        JsonNode unwatched = socket.request(Map.of("type", "unwatch", "id", "u1", "user_ids", many.subList(0, 2)));
        assertThat(unwatched.get("watching").asInt()).isEqualTo(198);
        assertThat(socket.request(Map.of("type", "watch", "id", "w4", "user_ids", randomUserIds(3))).get("error").asText())
                .as("all or nothing").isEqualTo("watchlist_full");
        assertThat(socket.request(Map.of("type", "watch", "id", "w5", "user_ids", randomUserIds(2))).get("watching").asInt())
                .isEqualTo(200);
        socket.close();
    }

    @Test
    void presenceUpdatesAreRateLimitedPerDevice() {
        Member alice = member("laptop");
        GatewaySocketClient socket = alice.connect();
        for (int i = 0; i < 30; i++) {
            JsonNode answer = socket.request(Map.of("type", "set_presence", "id", "s" + i, "status", i % 2 == 0 ? "away" : "online"));
            assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("presence_set");
        }

        JsonNode limited = socket.request(Map.of("type", "set_presence", "id", "s30", "status", "busy"));

        assertThat(limited.get("error").asText()).isEqualTo("rate_limited");
        assertThat(limited.get("retry_after_seconds").asLong()).isBetween(1L, 60L);
        assertThat(query(alice, alice).get("status").asText()).as("the refused update changed nothing").isEqualTo("online");
        socket.close();
    }

    @Test
    void watchChangesAreRateLimitedPerDevice() {
        Member bob = member("phone");
        GatewaySocketClient socket = bob.connect();
        for (int i = 0; i < 30; i++) {
            JsonNode answer = socket.request(Map.of("type", i % 2 == 0 ? "watch" : "unwatch", "id", "w" + i, "user_ids", List.of(bob.id())));
            assertThat(answer.get("type").asText()).as(answer.toString()).isIn("watching", "unwatched");
        }

        JsonNode limited = socket.request(Map.of("type", "watch", "id", "w30", "user_ids", List.of(bob.id())));

        assertThat(limited.get("error").asText()).isEqualTo("rate_limited");
        assertThat(limited.get("retry_after_seconds").asLong()).isBetween(1L, 60L);
        socket.close();
    }

    @Test
    void badPresenceFramesAreNamed() {
        Member alice = member("laptop");
        GatewaySocketClient socket = alice.connect();

        assertThat(socket.request(Map.of("type", "set_presence", "id", "b1", "status", "offline")).get("error").asText())
                .isEqualTo("presence_status_invalid");
        assertThat(socket.request(Map.of("type", "set_presence", "id", "b2", "invisible", "yes")).get("error").asText())
                .isEqualTo("presence_status_invalid");
        assertThat(socket.request(Map.of("type", "set_presence", "id", "b3")).get("error").asText()).isEqualTo("malformed_frame");
        assertThat(socket.request(Map.of("type", "watch", "id", "b4", "user_ids", List.of("not a user id!"))).get("error").asText())
                .isEqualTo("malformed_frame");
        assertThat(socket.request(Map.of("type", "unwatch", "id", "b5")).get("error").asText()).isEqualTo("malformed_frame");
        assertThat(socket.isClosed()).isFalse();
        socket.close();
    }

    @Test
    void repeatedProtocolErrorsCloseTheConnectionAndPenaliseTheDevice() {
        Member mallory = member("laptop");
        GatewaySocketClient socket = mallory.connect();
        for (int i = 0; i < 10; i++) {
            socket.send(Map.of("type", "teleport", "id", "t" + i));
        }
        assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(4400);

        GatewaySocketClient retry = GatewaySocketClient.open(gateway, mallory.user().token());
        JsonNode refused = retry.connect(mallory.id(), mallory.deviceId(), mallory.device().getPrivate());

        assertThat(refused.get("type").asText()).isEqualTo("error");
        assertThat(refused.get("error").asText()).isEqualTo("rate_limited");
        assertThat(refused.get("retry_after_seconds").asLong()).isBetween(1L, 60L);
        assertThat(retry.awaitClose(Duration.ofSeconds(10))).isEqualTo(4429);
    }

    @Test
    void aRevokedDeviceDisappearsFromPresenceAtOnce() {
        Member alice = member("laptop");
        Member aliceTablet = new Member(alice.user(), "tablet", auth.registerDevice(alice.user(), "tablet"));
        Member bob = member("phone");
        becomeContacts(alice, bob);
        GatewaySocketClient bobSocket = bob.connect();
        bobSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id())));
        HttpResponse<String> leased = putPresence(aliceTablet, Map.of("status", "busy"));
        assertThat(leased.statusCode()).as(leased.body()).isEqualTo(200);
        assertPresence(bobSocket, alice, "busy", "now");

        assertThat(auth.call("DELETE", "devices/tablet", alice.user().token(), null).statusCode()).isBetween(200, 204);

        JsonNode gone = bobSocket.await(presenceOf(alice), Duration.ofSeconds(15));
        assertThat(gone.get("status").asText()).isEqualTo("offline");
        assertThat(putPresence(aliceTablet, Map.of("status", "online")).statusCode()).isEqualTo(403);
        bobSocket.close();
    }

    @Test
    void aRestLeaseEndsWhenItIsNotRenewed() {
        Member alice = member("laptop");
        Member bob = member("phone");
        becomeContacts(alice, bob);
        GatewaySocketClient bobSocket = bob.connect();
        bobSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id())));

        HttpResponse<String> leased = putPresence(alice, Map.of("status", "away"));
        assertThat(leased.statusCode()).as(leased.body()).isEqualTo(200);
        assertThat(HttpCalls.json(leased).get("lease_seconds").asLong()).isEqualTo(5);
        assertPresence(bobSocket, alice, "away", "now");

        JsonNode expired = bobSocket.await(presenceOf(alice), Duration.ofSeconds(5 + 2));
        assertThat(expired.get("status").asText()).isEqualTo("offline");
        assertThat(expired.get("last_seen").asText()).isEqualTo("hour");
        bobSocket.close();
    }

    @Test
    void theRestDoorAnswersNoStoreAndNamesBadRequests() {
        Member alice = member("laptop");
        Member bob = member("phone");
        becomeContacts(alice, bob);

        HttpResponse<String> put = putPresence(alice, Map.of("status", "busy", "invisible", false));
        assertNoStore(put, 200);
        assertThat(HttpCalls.json(put).get("status").asText()).isEqualTo("busy");
        assertThat(HttpCalls.json(put).get("devices").get(alice.deviceId()).asText()).isEqualTo("busy");

        HttpResponse<String> own = HttpCalls.get(api.resolve("presence/me"), alice.user().token());
        assertNoStore(own, 200);
        assertThat(HttpCalls.json(own).get("status").asText()).isEqualTo("busy");

        HttpResponse<String> seen = HttpCalls.get(api.resolve("presence?user_id=" + alice.id()), bob.user().token());
        assertNoStore(seen, 200);
        assertThat(HttpCalls.json(seen).get("presence").get(0).get("status").asText()).isEqualTo("busy");

        assertError(putPresence(alice, Map.of("status", "asleep")), 400, "presence_status_invalid");
        assertError(HttpCalls.send("PUT", api.resolve("presence"), alice.user().token(), Map.of("status", "away")), 400, "device_id_required");
        assertError(putPresence(new Member(alice.user(), "no-such-device", alice.device()), Map.of("status", "away")), 404, "device_not_found");
        assertError(HttpCalls.get(api.resolve("presence"), bob.user().token()), 400, "bad_request");

        HttpResponse<String> left = deletePresence(alice);
        assertNoStore(left, 204);
        assertThat(HttpCalls.json(HttpCalls.get(api.resolve("presence/me"), alice.user().token())).get("status").asText())
                .isEqualTo("offline");
    }

    @Test
    void presenceWritesNothingToTheDatabase() throws Exception {
        Assumptions.assumeTrue(TestDatabase.current() == TestDatabase.POSTGRESQL,
                "the embedded H2 database is locked by the running gateway; checked on PostgreSQL");
        Member alice = member("laptop");
        Member bob = member("phone");
        becomeContacts(alice, bob);
        Map<String, Long> before = rowCounts();

        GatewaySocketClient bobSocket = bob.connect();
        bobSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id())));
        GatewaySocketClient aliceSocket = alice.connect();
        aliceSocket.request(Map.of("type", "set_presence", "id", "s1", "status", "away"));
        aliceSocket.request(Map.of("type", "set_presence", "id", "s2", "invisible", true));
        putPresence(alice, Map.of("status", "busy"));
        aliceSocket.close();
        bobSocket.close();

        Map<String, Long> after = rowCounts();
        assertThat(after).isEqualTo(before);
        assertThat(after.keySet()).noneMatch(table -> table.contains("presence") || table.contains("watch") || table.contains("lease"));
    }

    private static Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(TestDatabase.pgUrl(), TestDatabase.pgUser(), TestDatabase.pgPassword());
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + TestDatabase.pgSchema() + "' AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + TestDatabase.pgSchema() + "\".\"" + table + "\"")) {
                    count.next();
                    counts.put(table, count.getLong(1));
                }
            }
        }
        return counts;
    }

    private static Member member(String deviceId) {
        AuthService.User user = auth.userWithIdentity();
        return new Member(user, deviceId, auth.registerDevice(user, deviceId));
    }

    private static void becomeContacts(Member a, Member b) {
        HttpResponse<String> requested = HttpCalls.postJson(api.resolve("contacts/requests"), a.user().token(), Map.of("user_id", b.id()));
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(200);
        HttpResponse<String> accepted = HttpCalls.send("POST", api.resolve("contacts/requests/" + a.id() + "/accept"), b.user().token(), null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    private static Predicate<JsonNode> presenceOf(Member member) {
        return frame -> frame.path("type").asText().equals("presence") && frame.path("user_id").asText().equals(member.id());
    }

    /** The next pushed presence of {@code member} arrives within one heartbeat interval and says this. */
    private static void assertPresence(GatewaySocketClient watcher, Member member, String status, String lastSeen) {
        JsonNode push = watcher.await(presenceOf(member), HEARTBEAT);
        assertThat(push.get("status").asText()).as(push.toString()).isEqualTo(status);
        assertThat(push.path("last_seen").asText()).as(push.toString()).isEqualTo(lastSeen);
    }

    private static JsonNode entry(JsonNode watching, String userId) {
        for (JsonNode entry : watching.get("presence")) {
            if (entry.get("user_id").asText().equals(userId)) {
                return entry;
            }
        }
        throw new AssertionError("No entry for " + userId + " in " + watching);
    }

    private static JsonNode query(Member viewer, Member watched) {
        HttpResponse<String> response = HttpCalls.get(api.resolve("presence?user_id=" + watched.id()), viewer.user().token());
        assertNoStore(response, 200);
        return HttpCalls.json(response).get("presence").get(0);
    }

    private static HttpResponse<String> putPresence(Member member, Map<String, Object> body) {
        return HttpCalls.sendAs("PUT", api.resolve("presence"), member.user().token(), body,
                new HttpCalls.Signer(member.user().id(), member.deviceId(), member.device().getPrivate()));
    }

    private static HttpResponse<String> deletePresence(Member member) {
        return HttpCalls.sendAs("DELETE", api.resolve("presence"), member.user().token(), null,
                new HttpCalls.Signer(member.user().id(), member.deviceId(), member.device().getPrivate()));
    }

    private static List<String> randomUserIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    private static void assertNoStore(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertNoStore(response, status);
        assertThat(HttpCalls.json(response).get("error").asText()).isEqualTo(code);
    }
}
