package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access matrix (docs/protocol.md#access-matrix): every REST endpoint of the gateway and of the Authentication
 * Service, the WebSocket door and every client frame type, called by each principal of the table, each answer checked
 * against its cell. A row this test cannot call fails it; {@code AccessMatrixTest} checks that the rows are exactly
 * the endpoints and frame types of the code.
 *
 * <p>Every principal sends the owner's request: the same path, and a body valid for the owner (only ids that must be
 * unique per request, such as a {@code msg_id}, differ), so that the principal is the only variable. Within a row the
 * owner calls last, so that a call that changes state (a commit, a delete) finds the same state for every principal;
 * where a call would use up its resource for the next principal of the same user, each principal gets a fresh one.
 */
@ExtendWith(ParleyStack.class)
class AccessMatrixIT {

    private static final List<String> COLUMNS = List.of("owner", "sibling", "member", "non-member", "blocked", "revoked",
            "other-client", "expired", "no-token");
    /** The owner last: its calls may change what the others would find. */
    private static final List<String> CALL_ORDER = List.of("sibling", "member", "non-member", "blocked", "revoked",
            "other-client", "expired", "no-token", "owner");
    private static final HttpClient SSE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One column: whose token is sent ({@code null}: none), and which device the calls that act as a device name
     * and sign with {@code key}. {@code tokenAccepted}: the token itself is good (fixtures are made only for these).
     */
    private record Principal(String column, String token, AuthService.User user, String deviceId, PrivateKey key,
            boolean tokenAccepted) {

        HttpCalls.Signer signer() {
            return new HttpCalls.Signer(user.id(), deviceId, key);
        }
    }

    /** How a row is called by one principal; answers the outcome as a cell of the table. */
    private interface Call {
        String as(Principal principal);
    }

    private Keycloak keycloak;
    private AuthService auth;
    private DeliveryService ds;
    private URI gateway;
    private URI api;
    private URI authService;
    private String gatewayId;

    private AuthService.User alice;
    private MlsDevice laptop;
    private MlsDevice bob;
    private MlsDevice erin;
    private AuthService.User zed;
    private String room;
    private final Map<String, Principal> principals = new LinkedHashMap<>();
    private final Map<String, GatewaySocketClient> proven = new HashMap<>();

    @Test
    void everyEndpointAndFrameAnswersEveryPrincipalAsTheTableSays(ParleyStack.Running running) throws Exception {
        AccessMatrix matrix = AccessMatrix.read(running.build().root().resolve("docs/protocol.md"));
        assertThat(matrix.principals()).as("the columns of the access matrix").containsExactlyElementsOf(COLUMNS);

        setUp(running);
        Map<String, Call> calls = calls();

        List<String> problems = new ArrayList<>();
        matrix.rows().keySet().stream().filter(r -> !calls.containsKey(r))
                .forEach(r -> problems.add(r + ": AccessMatrixIT does not call it"));
        calls.keySet().stream().filter(c -> !matrix.rows().containsKey(c))
                .forEach(c -> problems.add(c + ": AccessMatrixIT calls it, but it has no row"));

        Map<String, Map<String, String>> observed = new LinkedHashMap<>();
        for (Map.Entry<String, Call> row : calls.entrySet()) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (String column : CALL_ORDER) {
                String outcome;
                try {
                    outcome = row.getValue().as(principals.get(column));
                } catch (RuntimeException | AssertionError e) {
                    outcome = "failed: " + e;
                }
                cells.put(column, outcome);
                String expected = matrix.rows().getOrDefault(row.getKey(), Map.of()).get(column);
                if (expected != null && !outcome.equals(expected)) {
                    problems.add(row.getKey() + " as " + column + ": expected " + expected + ", got " + outcome);
                }
            }
            observed.put(row.getKey(), cells);
        }
        proven.values().forEach(GatewaySocketClient::close);
        assertThat(problems).as("endpoints and answers that differ from the access matrix; the rows as observed:%n%s",
                table(observed)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The principals and what they act on

    /**
     * Alice's laptop owns a room that Bob's device is a member of; Alice's phone and her revoked device "old", Carol
     * (in no conversation) and Dave (blocked by Alice and by Erin, whom the user-directed requests name).
     */
    private void setUp(ParleyStack.Running running) throws Exception {
        keycloak = new Keycloak(running.keycloak());
        auth = new AuthService(running.keycloak());
        ds = new DeliveryService(running);
        gateway = running.wildfly().gatewayUri();
        api = gateway.resolve("api/v1/");
        authService = URI.create(running.keycloak().realmUri() + "/parley/");
        keycloak.createShortLivedGatewayClient("it-matrix-short-lived", 1);

        alice = auth.userWithIdentity();
        laptop = MlsDevice.register(auth, alice, "laptop");
        KeyPair phone = auth.registerDevice(alice, "phone");
        KeyPair old = auth.registerDevice(alice, "old");
        bob = MlsDevice.register(auth, auth.userWithIdentity(), "bob-laptop");
        MlsDevice carol = MlsDevice.register(auth, auth.userWithIdentity(), "carol-laptop");
        MlsDevice dave = MlsDevice.register(auth, auth.userWithIdentity(), "dave-laptop");
        erin = MlsDevice.register(auth, auth.userWithIdentity(), "erin-laptop");
        zed = auth.newUser();
        gatewayId = HttpCalls.gatewayId(api.resolve("me"), alice.token());

        ds.uploadKeyPackages(erin, 10);
        ds.uploadKeyPackages(bob, 1);
        room = createRoomWithBob();
        expect(HttpCalls.send("PUT", api.resolve("blocks/" + dave.user.id()), alice.token(), null), 204);
        expect(HttpCalls.send("PUT", api.resolve("blocks/" + dave.user.id()), erin.user.token(), null), 204);
        expect(auth.call("DELETE", "devices/old", alice.token(), null), 204);
        GatewayFeed.awaitCaughtUp(running, Duration.ofSeconds(30));

        String otherClient = keycloak.accessToken(dev.parley.devstack.KeycloakServer.REALM, "admin-cli", alice.username(), alice.username());
        String expired = keycloak.accessToken(dev.parley.devstack.KeycloakServer.REALM, "it-matrix-short-lived",
                alice.username(), alice.username());
        PrivateKey laptopKey = laptop.deviceKey.getPrivate();
        add(new Principal("owner", alice.token(), alice, "laptop", laptopKey, true));
        add(new Principal("sibling", alice.token(), alice, "laptop", phone.getPrivate(), true));
        add(new Principal("member", bob.user.token(), bob.user, bob.deviceId, bob.deviceKey.getPrivate(), true));
        add(new Principal("non-member", carol.user.token(), carol.user, carol.deviceId, carol.deviceKey.getPrivate(), true));
        add(new Principal("blocked", dave.user.token(), dave.user, dave.deviceId, dave.deviceKey.getPrivate(), true));
        add(new Principal("revoked", alice.token(), alice, "old", old.getPrivate(), true));
        add(new Principal("other-client", otherClient, alice, "laptop", laptopKey, false));
        add(new Principal("expired", expired, alice, "laptop", laptopKey, false));
        add(new Principal("no-token", null, alice, "laptop", laptopKey, false));

        Instant expiry = Instant.ofEpochSecond(Keycloak.claims(expired).get("exp").asLong()).plusSeconds(1);
        while (Instant.now().isBefore(expiry)) {
            Thread.sleep(100);
        }
    }

    private void add(Principal principal) {
        principals.put(principal.column(), principal);
    }

    private String createRoomWithBob() {
        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        HttpResponse<String> created = ds.createRoom(laptop, "Access matrix", groupId, laptop.createGroup(groupId));
        expect(created, 201);
        String id = HttpCalls.json(created).get("conversation_id").asText();
        JsonNode claimed = ds.claim(laptop, bob);
        MlsDevice.PendingCommit add = laptop.commitAdds(List.of(claimed.get("key_package").asText()));
        expect(ds.commit(laptop, id, "add-bob", add, List.of(claimed.get("ref").asText()), List.of()), 200);
        laptop.applyOwn(add);
        return id;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The rows, in the order they are called: the gateway's REST resources, its realtime doors and frames, then the
    // Authentication Service (whose last rows revoke devices and reset identities)

    private Map<String, Call> calls() {
        Map<String, Call> calls = new LinkedHashMap<>();
        String erinId = erin.user.id();
        String conversation = "conversations/" + room;

        calls.put("GET /api/v1/me", p -> gatewayCall(p, "GET", "me", null, false));
        calls.put("GET /api/v1/contacts", p -> gatewayCall(p, "GET", "contacts", null, false));
        calls.put("POST /api/v1/contacts/requests", p -> gatewayCall(p, "POST", "contacts/requests", Map.of("user_id", erinId), false));
        calls.put("DELETE /api/v1/contacts/requests/{userId}", p -> {
            if (p.tokenAccepted()) {
                HttpCalls.postJson(api.resolve("contacts/requests"), p.user().token(), Map.of("user_id", erinId));
            }
            return gatewayCall(p, "DELETE", "contacts/requests/" + erinId, null, false);
        });
        calls.put("POST /api/v1/contacts/requests/{userId}/accept",
                p -> gatewayCall(p, "POST", "contacts/requests/" + askerOfAlice(p, false) + "/accept", null, false));
        calls.put("POST /api/v1/contacts/requests/{userId}/decline",
                p -> gatewayCall(p, "POST", "contacts/requests/" + askerOfAlice(p, false) + "/decline", null, false));
        calls.put("DELETE /api/v1/contacts/{userId}",
                p -> gatewayCall(p, "DELETE", "contacts/" + askerOfAlice(p, true), null, false));
        calls.put("GET /api/v1/blocks", p -> gatewayCall(p, "GET", "blocks", null, false));
        calls.put("PUT /api/v1/blocks/{userId}", p -> gatewayCall(p, "PUT", "blocks/" + zed.id(), null, false));
        calls.put("DELETE /api/v1/blocks/{userId}", p -> gatewayCall(p, "DELETE", "blocks/" + zed.id(), null, false));
        calls.put("GET /api/v1/directory-access/{userId}", p -> gatewayCall(p, "GET", "directory-access/" + erinId, null, false));
        calls.put("GET /api/v1/presence/me", p -> gatewayCall(p, "GET", "presence/me", null, false));
        calls.put("GET /api/v1/presence", p -> gatewayCall(p, "GET", "presence?user_id=" + erinId, null, false));
        calls.put("PUT /api/v1/presence", p -> gatewayCall(p, "PUT", "presence", Map.of("status", "away"), true));
        calls.put("DELETE /api/v1/presence", p -> gatewayCall(p, "DELETE", "presence", null, true));
        Supplier<Map<String, Object>> keyPackages = once(() -> Map.of("key_packages", laptop.newKeyPackages(2)));
        calls.put("POST /api/v1/key-packages", p -> gatewayCall(p, "POST", "key-packages", keyPackages.get(), true));
        calls.put("GET /api/v1/key-packages/count", p -> gatewayCall(p, "GET", "key-packages/count", null, true));
        calls.put("POST /api/v1/key-packages/claim", p -> gatewayCall(p, "POST", "key-packages/claim",
                Map.of("user_id", erinId, "device_ids", List.of(erin.deviceId)), true));
        Supplier<Map<String, Object>> newRoom = once(() -> {
            byte[] groupId = new byte[16];
            RANDOM.nextBytes(groupId);
            return Map.of("type", "room", "name", "Another room", "group_id", DeliveryService.b64(groupId),
                    "group_info", DeliveryService.b64(laptop.throwawayGroupInfo(groupId)));
        });
        calls.put("POST /api/v1/conversations", p -> gatewayCall(p, "POST", "conversations", newRoom.get(), true));
        calls.put("GET /api/v1/conversations", p -> gatewayCall(p, "GET", "conversations", null, false));
        calls.put("GET /api/v1/conversations/{conversation_id}", p -> gatewayCall(p, "GET", conversation, null, false));
        calls.put("GET /api/v1/conversations/{conversation_id}/members",
                p -> gatewayCall(p, "GET", conversation + "/members", null, false));
        calls.put("PUT /api/v1/conversations/{conversation_id}/roles/{user_id}",
                p -> gatewayCall(p, "PUT", conversation + "/roles/" + bob.user.id(), Map.of("role", "admin"), false));
        Supplier<String> message = once(() -> DeliveryService.b64(laptop.protect("over REST")));
        calls.put("POST /api/v1/conversations/{conversation_id}/messages", p -> gatewayCall(p, "POST", conversation + "/messages",
                Map.of("msg_id", "rest-" + p.column(), "message", message.get()), true));
        Supplier<MlsDevice.PendingCommit> restCommit = once(laptop::commitUpdate);
        calls.put("POST /api/v1/conversations/{conversation_id}/commits", p -> {
            String outcome = gatewayCall(p, "POST", conversation + "/commits", commitBody(restCommit.get(), "rest-commit-" + p.column()), true);
            ownCommitAccepted(p, outcome, restCommit.get());
            return outcome;
        });
        calls.put("GET /api/v1/conversations/{conversation_id}/log",
                p -> gatewayCall(p, "GET", conversation + "/log?after=0&limit=100", null, true));
        calls.put("POST /api/v1/conversations/{conversation_id}/ack",
                p -> gatewayCall(p, "POST", conversation + "/ack", Map.of("seq", 1), true));
        calls.put("GET /api/v1/conversations/{conversation_id}/group-info",
                p -> gatewayCall(p, "GET", conversation + "/group-info", null, true));
        calls.put("POST /api/v1/realtime/tickets", p -> gatewayCall(p, "POST", "realtime/tickets", null, false));
        calls.put("POST /api/v1/realtime/nonces", p -> gatewayCall(p, "POST", "realtime/nonces", null, false));
        calls.put("GET /api/v1/events", this::events);

        calls.put("WS /ws", p -> {
            Object opened = openSocket(p);
            if (opened instanceof String refusal) {
                return refusal;
            }
            GatewaySocketClient client = (GatewaySocketClient) opened;
            String hello = client.next().get("type").asText();
            client.close();
            return hello;
        });
        calls.put("frame connect", this::connect);
        calls.put("frame ping", p -> frame(p, id -> Map.of("type", "ping", "id", id)));
        calls.put("frame token", p -> frame(p, id -> Map.of("type", "token", "id", id, "access_token", alice.token())));
        calls.put("frame set_presence", p -> frame(p, id -> Map.of("type", "set_presence", "id", id, "status", "busy")));
        calls.put("frame watch", p -> frame(p, id -> Map.of("type", "watch", "id", id, "user_ids", List.of(erinId))));
        calls.put("frame unwatch", p -> frame(p, id -> Map.of("type", "unwatch", "id", id, "user_ids", List.of(erinId))));
        Supplier<String> socketMessage = once(() -> DeliveryService.b64(laptop.protect("over the WebSocket")));
        calls.put("frame send", p -> frame(p, id -> Map.of("type", "send", "id", id, "conversation_id", room,
                "msg_id", "ws-" + p.column(), "message", socketMessage.get())));
        Supplier<MlsDevice.PendingCommit> socketCommit = once(laptop::commitUpdate);
        calls.put("frame commit", p -> {
            String outcome = frame(p, id -> {
                Map<String, Object> frame = new LinkedHashMap<>(commitBody(socketCommit.get(), "ws-commit-" + p.column()));
                frame.put("type", "commit");
                frame.put("id", id);
                frame.put("conversation_id", room);
                return frame;
            });
            ownCommitAccepted(p, outcome.equals("committed") ? "200" : outcome, socketCommit.get());
            return outcome;
        });
        calls.put("frame ack", p -> frame(p, id -> Map.of("type", "ack", "id", id, "conversation_id", room, "seq", 1)));

        calls.put("GET /realms/{realm}/parley/info", p -> authCall(p, "GET", "info", null));
        calls.put("POST /realms/{realm}/parley/challenges", p -> authCall(p, "POST", "challenges", null));
        calls.put("GET /realms/{realm}/parley/identity", p -> authCall(p, "GET", "identity", null));
        calls.put("PUT /realms/{realm}/parley/identity",
                p -> authCall(p, "PUT", "identity", Map.of("identity_key", AuthService.b64(AuthService.ed25519()))));
        calls.put("GET /realms/{realm}/parley/devices", p -> authCall(p, "GET", "devices", null));
        calls.put("POST /realms/{realm}/parley/devices",
                p -> authCall(p, "POST", "devices", auth.registration(alice, AuthService.ed25519(), "reg-" + p.column())));
        calls.put("PATCH /realms/{realm}/parley/devices/{deviceId}",
                p -> authCall(p, "PATCH", "devices/laptop", Map.of("label", "Alice's laptop")));
        String[] spare = {null};
        int[] spares = {0};
        calls.put("DELETE /realms/{realm}/parley/devices/{deviceId}", p -> {
            if (spare[0] == null) {
                spare[0] = "spare-" + ++spares[0];
                auth.registerDevice(alice, spare[0]);
            }
            String outcome = authCall(p, "DELETE", "devices/" + spare[0], null);
            if (outcome.equals("204")) {
                spare[0] = null;
            }
            return outcome;
        });
        calls.put("GET /realms/{realm}/parley/directory/{userId}", p -> authCall(p, "GET", "directory/" + erinId, null));
        calls.put("GET /realms/{realm}/parley/directory", p -> authCall(p, "GET", "directory?username=" + erin.user.username(), null));
        calls.put("GET /realms/{realm}/parley/users/{userId}", p -> authCall(p, "GET", "users/" + erinId, null));
        calls.put("GET /realms/{realm}/parley/users", p -> authCall(p, "GET", "users?username=" + erin.user.username(), null));
        calls.put("GET /realms/{realm}/parley/revocations", p -> authCall(p, "GET", "revocations?after=0", null));
        calls.put("DELETE /realms/{realm}/parley/identity", p -> {
            if (p.tokenAccepted()) {
                auth.putIdentity(p.user().token(), AuthService.ed25519());
            }
            return authCall(p, "DELETE", "identity", null);
        });
        return calls;
    }

    /**
     * The user id for a row about a request to Alice: for a principal whose token is good, a fresh user who asked
     * Alice to become contacts (and whom Alice accepted, when {@code accepted}); for the others any user.
     */
    private String askerOfAlice(Principal p, boolean accepted) {
        if (!p.tokenAccepted()) {
            return erin.user.id();
        }
        Keycloak.TestUser asker = keycloak.createTestUser("asker");
        expect(HttpCalls.postJson(api.resolve("contacts/requests"), asker.accessToken(), Map.of("user_id", alice.id())), 200);
        if (accepted) {
            expect(HttpCalls.send("POST", api.resolve("contacts/requests/" + asker.userId() + "/accept"), alice.token(), null), 200);
        }
        return asker.userId();
    }

    private static Map<String, Object> commitBody(MlsDevice.PendingCommit commit, String msgId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg_id", msgId);
        body.put("commit", DeliveryService.b64(commit.commit()));
        body.put("group_info", DeliveryService.b64(commit.groupInfo()));
        body.put("adds", List.of());
        body.put("removes", List.of());
        return body;
    }

    /** The owner's commit was accepted: its laptop moves to the new epoch. */
    private void ownCommitAccepted(Principal p, String outcome, MlsDevice.PendingCommit commit) {
        if (p.column().equals("owner") && outcome.equals("200")) {
            laptop.applyOwn(commit);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Calls

    /** A call of the gateway's REST API; {@code deviceBound}: it names the principal's device and signs with its key. */
    private String gatewayCall(Principal p, String method, String path, Object body, boolean deviceBound) {
        URI uri = api.resolve(path);
        Map<String, String> headers = deviceBound ? p.signer().headers(gatewayId, method, uri, HttpCalls.bytes(body)) : Map.of();
        return outcome(HttpCalls.send(method, uri, p.token(), body, headers));
    }

    private String authCall(Principal p, String method, String path, Object body) {
        return outcome(HttpCalls.send(method, authService.resolve(path), p.token(), body));
    }

    /**
     * The SSE door with the principal's token, naming its device and proving it over a nonce issued to its user (to
     * the owner, for principals whose token gets no nonce). A stream that opens is closed at once.
     */
    private String events(Principal p) {
        HttpResponse<String> issued = HttpCalls.send("POST", api.resolve("realtime/nonces"),
                p.tokenAccepted() ? p.token() : alice.token(), null);
        expect(issued, 200);
        String nonce = HttpCalls.json(issued).get("nonce").asText();
        String signature = Base64Url.encode(new ConnectProof(gatewayId, p.user().id(), p.deviceId(), Base64Url.decode(nonce))
                .sign(p.key()));
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve("events")).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream").header("Parley-Device-Id", p.deviceId())
                .header("Parley-Nonce", nonce).header("Parley-Signature", signature).GET();
        if (p.token() != null) {
            request.header("Authorization", "Bearer " + p.token());
        }
        try {
            HttpResponse<InputStream> response = SSE.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 200) {
                    return "200";
                }
                return AccessMatrix.outcome(response.statusCode(), error(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A WebSocket opened with the principal's token, or the refusal of the upgrade as a cell. */
    private Object openSocket(Principal p) {
        try {
            return GatewaySocketClient.open(gateway, p.token());
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return AccessMatrix.outcome(refused.getResponse().statusCode(), error(String.valueOf(refused.getResponse().body())));
            }
            throw e;
        }
    }

    /** {@code connect} as the principal's device; a connection that is proven stays open for the frames that follow. */
    private String connect(Principal p) {
        Object opened = openSocket(p);
        if (opened instanceof String refusal) {
            return refusal;
        }
        GatewaySocketClient client = (GatewaySocketClient) opened;
        JsonNode answer = client.connect(p.user().id(), p.deviceId(), p.key());
        if (answer.get("type").asText().equals("connected")) {
            proven.put(p.column(), client);
            return "connected";
        }
        return "error " + answer.path("error").asText() + ", close " + client.awaitClose(Duration.ofSeconds(10));
    }

    /**
     * A frame on the principal's proven connection, or — when it could not prove a device — on a new connection that
     * did not; answers the answer's {@code type}, or {@code error <code>}.
     */
    private String frame(Principal p, Function<String, Map<String, Object>> frame) {
        GatewaySocketClient client = proven.get(p.column());
        boolean fresh = client == null;
        if (fresh) {
            Object opened = openSocket(p);
            if (opened instanceof String refusal) {
                return refusal;
            }
            client = (GatewaySocketClient) opened;
            client.next();
        }
        try {
            JsonNode answer = client.request(frame.apply("f-" + RANDOM.nextInt(1_000_000)));
            String type = answer.get("type").asText();
            return type.equals("error") ? "error " + answer.path("error").asText() : type;
        } finally {
            if (fresh) {
                client.close();
            }
        }
    }

    private static String outcome(HttpResponse<String> response) {
        return AccessMatrix.outcome(response.statusCode(), error(response.body()));
    }

    private static String error(String body) {
        try {
            return HttpCalls.JSON.readTree(body == null ? "" : body).path("error").asText("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isEqualTo(status);
    }

    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }

    /** Rows as a Markdown table in the column order of the document, for the failure message. */
    private static String table(Map<String, Map<String, String>> rows) {
        StringBuilder out = new StringBuilder("| endpoint or frame | " + String.join(" | ", COLUMNS) + " |\n");
        rows.forEach((row, cells) -> {
            out.append("| `").append(row).append("` |");
            COLUMNS.forEach(column -> out.append(' ').append(cells.get(column)).append(" |"));
            out.append('\n');
        });
        return out.toString();
    }
}
