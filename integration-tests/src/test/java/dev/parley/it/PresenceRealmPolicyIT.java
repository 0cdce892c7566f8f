package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.WildFlyServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One gateway configured with {@code parley.presence.visibility=realm}, 100 contact requests per minute and 3
 * per day: the day's limit of contact requests, and presence seen by every user of the realm except those a
 * block hides. Real users, tokens, devices and WebSockets.
 */
@ExtendWith(ParleyStack.class)
class PresenceRealmPolicyIT {

    private static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private static WildFlyServer server;
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
    static void startRealmPolicyGateway(ParleyStack.Running stack) throws Exception {
        server = stack.extraGateway("wildfly-presence-realm")
                .systemProperty("parley.presence.visibility", "realm")
                .systemProperty("parley.contacts.requests-per-minute", "100")
                .systemProperty("parley.contacts.requests-per-day", "3");
        server.start();
        server.awaitReady(Duration.ofMinutes(4), () -> { });
        gateway = server.gatewayUri();
        api = gateway.resolve("api/v1/");
        auth = new AuthService(stack.keycloak());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theFourthContactRequestOfTheDayIsRefusedUntilTheDayWindowRefillsAndStoresNothing() {
        Member ann = member("laptop");
        List<String> addressees = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String addressee = UUID.randomUUID().toString();
            addressees.add(addressee);
            HttpResponse<String> requested = request(ann, addressee);
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(200);
        }
        assertThat(request(ann, addressees.get(0)).statusCode()).as("repeating a pending request is not counted").isEqualTo(200);
        Member ben = member("phone");

        HttpResponse<String> limited = request(ann, ben.id());

        assertError(limited, 429, "rate_limited");
        long retryAfter = HttpCalls.json(limited).get("retry_after_seconds").asLong();
        assertThat(retryAfter).as("the day's window (3 a day: one more every 8 hours), not the minute's")
                .isBetween(Duration.ofHours(7).toSeconds(), Duration.ofHours(8).toSeconds());
        assertThat(limited.headers().firstValue("Retry-After")).hasValue(Long.toString(retryAfter));
        assertThat(userIds(contacts(ann), "outgoing")).containsExactlyInAnyOrderElementsOf(addressees);
        assertThat(userIds(contacts(ben), "incoming")).as("the refused request stored nothing").isEmpty();
        assertError(request(ann, UUID.randomUUID().toString()), 429, "rate_limited");
    }

    @Test
    void everyUserOfTheRealmSeesPresenceExceptABlockedOne() {
        Member alice = member("laptop");
        Member carol = member("phone");
        Member dave = member("tablet");
        assertThat(HttpCalls.send("PUT", api.resolve("blocks/" + dave.id()), alice.user().token(), null).statusCode()).isEqualTo(204);
        GatewaySocketClient aliceSocket = alice.connect();
        GatewaySocketClient carolSocket = carol.connect();
        GatewaySocketClient daveSocket = dave.connect();

        JsonNode carolSees = entry(carolSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id()))), alice);
        assertThat(carolSees.get("status").asText()).as("a non-contact of the same realm").isEqualTo("online");
        assertThat(carolSees.get("last_seen").asText()).isEqualTo("now");
        JsonNode daveSees = entry(daveSocket.request(Map.of("type", "watch", "id", "w1", "user_ids", List.of(alice.id()))), alice);
        assertThat(daveSees.get("status").asText()).as("blocked").isEqualTo("offline");
        assertThat(daveSees.has("last_seen")).isFalse();

        aliceSocket.request(Map.of("type", "set_presence", "id", "s1", "status", "busy"));
        assertPresence(carolSocket, alice, "busy", "now");
        aliceSocket.close();
        assertPresence(carolSocket, alice, "offline", "hour");
        assertThat(daveSocket.collect(presenceOf(alice), HEARTBEAT)).as("nothing is ever pushed to a blocked user").isEmpty();

        JsonNode carolQuery = query(carol, alice);
        assertThat(carolQuery.get("status").asText()).isEqualTo("offline");
        assertThat(carolQuery.get("last_seen").asText()).isEqualTo("hour");
        JsonNode daveQuery = query(dave, alice);
        assertThat(daveQuery.get("status").asText()).isEqualTo("offline");
        assertThat(daveQuery.has("last_seen")).as("a blocked user looks never seen").isFalse();

        JsonNode blockerSees = entry(daveSocket.request(Map.of("type", "watch", "id", "w2", "user_ids", List.of(carol.id()))), carol);
        assertThat(blockerSees.get("status").asText()).as("the block hides only the two users from each other").isEqualTo("online");
        carolSocket.close();
        daveSocket.close();
    }

    private static Member member(String deviceId) {
        AuthService.User user = auth.userWithIdentity();
        return new Member(user, deviceId, auth.registerDevice(user, deviceId));
    }

    private static HttpResponse<String> request(Member from, String addressee) {
        return HttpCalls.postJson(api.resolve("contacts/requests"), from.user().token(), Map.of("user_id", addressee));
    }

    private static JsonNode contacts(Member member) {
        HttpResponse<String> response = HttpCalls.get(api.resolve("contacts"), member.user().token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpCalls.json(response);
    }

    private static List<String> userIds(JsonNode contacts, String list) {
        List<String> ids = new ArrayList<>();
        contacts.get(list).forEach(entry -> ids.add(entry.get("user_id").asText()));
        return ids;
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

    private static JsonNode entry(JsonNode watching, Member member) {
        assertThat(watching.get("type").asText()).as(watching.toString()).isEqualTo("watching");
        for (JsonNode entry : watching.get("presence")) {
            if (entry.get("user_id").asText().equals(member.id())) {
                return entry;
            }
        }
        throw new AssertionError("No entry for " + member.id() + " in " + watching);
    }

    private static JsonNode query(Member viewer, Member watched) {
        HttpResponse<String> response = HttpCalls.get(api.resolve("presence?user_id=" + watched.id()), viewer.user().token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpCalls.json(response).get("presence").get(0);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(HttpCalls.json(response).get("error").asText()).isEqualTo(code);
    }
}
