package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Oversize and malformed input on every door — the gateway's REST resources, its WebSocket, the SSE door, connect
 * tickets and the Authentication Service's REST API — gets a documented error (docs/protocol.md, "Malformed and
 * oversize input"): a 4xx with its code, an error frame, or a close code; never a 500, never a connection dropped
 * without a word, and nothing is stored (the room's log, the device's cursor and KeyPackages, the user's contacts,
 * conversations, devices and identity are the same after every case).
 *
 * <p>The requests are written byte for byte ({@link RawHttp}, {@link SilentSocket}) where a well-behaved client would
 * refuse to send them.
 */
@ExtendWith(ParleyStack.class)
class MalformedInputIT {

    /** {@code parley.http.max-body-bytes} and {@code parley.request-proof.max-body-bytes}, their defaults. */
    private static final int MAX_BODY = 8 * 1024 * 1024;
    /**
     * The largest WebSocket text message the gateway takes, whole or in fragments: a commit frame's three MLS messages
     * at the default envelope limit (256 KiB) in base64url, and 64 KiB of JSON around them.
     */
    private static final int MAX_MESSAGE = 4 * 256 * 1024 + 64 * 1024;
    /** The largest binary message the container reads before closing (binary frames are refused anyway). */
    private static final int MAX_BINARY = 1024 * 1024;
    private static final String DEEP = "[".repeat(100_000);
    private static final String TWO_TO_THE_64 = "18446744073709551616";

    private static AuthService auth;
    private static DeliveryService ds;
    private static URI gateway;
    private static String api;
    private static URI realm;
    private static String parley;
    private static MlsDevice laptop;
    private static String room;
    private static AuthService.User bob;
    private static AuthService.User carol;

    /** One input at one door and what it must get: a status and, when the door is Parley's, an error code. */
    private record Case(String door, String input, Supplier<RawHttp.Response> call, int status, String code) {

        @Override
        public String toString() {
            return door + ": " + input;
        }
    }

    /** What must not change. */
    private record State(long lastSeq, long epoch, long cursor, long keyPackages, JsonNode contacts, int conversations,
            int devices, int carolIdentity) {
    }

    @BeforeAll
    static void setUp(ParleyStack.Running stack) {
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(stack);
        gateway = stack.wildfly().gatewayUri();
        api = gateway.getPath() + "api/v1/";
        realm = stack.keycloak().realmUri();
        parley = realm.getPath() + "/parley/";
        laptop = MlsDevice.register(auth, auth.userWithIdentity(), "laptop");
        bob = auth.userWithIdentity();
        MlsDevice.register(auth, bob, "phone");
        carol = auth.newUser();
        byte[] groupId = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = ds.createRoom(laptop, "Room", groupId, laptop.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        room = HttpCalls.json(created).get("conversation_id").asText();
        for (String msgId : List.of("m-1", "m-2")) {
            HttpResponse<String> sent = ds.sendMessage(laptop, room, msgId, laptop.protect(msgId));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        }
        ds.uploadKeyPackages(laptop, 3);
    }

    @Test
    void everyRestDoorAnswersOversizeAndMalformedInputWithADocumentedErrorAndStoresNothing() {
        String ack = "conversations/" + room + "/ack";
        String messages = "conversations/" + room + "/messages";
        String commits = "conversations/" + room + "/commits";
        byte[] message = laptop.protect("a message");
        List<Case> cases = new ArrayList<>(List.of(
                // sizes
                new Case("ack", "a body of exactly the limit", () -> signed("POST", ack, padded("{\"seq\":0,\"pad\":\"", MAX_BODY)), 200, null),
                new Case("ack", "a body one byte over the limit", () -> signed("POST", ack, padded("{\"seq\":0,\"pad\":\"", MAX_BODY + 1)), 413, "request_too_large"),
                new Case("contacts", "a body over the limit", () -> user("POST", "contacts/requests", Map.of(), padded("{\"user_id\":\"x\",\"pad\":\"", MAX_BODY + 1)), 413, "request_too_large"),
                new Case("contacts", "Content-Length of 9 MiB, a short body", () -> user("POST", "contacts/requests",
                        Map.of("Content-Length", Integer.toString(9 << 20)), utf8("{}")), 413, "request_too_large"),
                new Case("contacts", "Content-Length of 9 TB, a short body (Undertow: beyond max-post-size)", () -> user("POST", "contacts/requests",
                        Map.of("Content-Length", "9000000000000"), utf8("{}")), 400, null),
                new Case("contacts", "a chunked body that never ends", () -> RawHttp.sendChunkedWithoutEnd(gateway, "POST",
                        api + "contacts/requests", withToken(Map.of("Content-Type", "application/json")), MAX_BODY + CHUNKS_PAST_LIMIT), 413, "request_too_large"),
                new Case("ack", "a chunked body that never ends", () -> RawHttp.sendChunkedWithoutEnd(gateway, "POST",
                        api + ack, withToken(proof("POST", ack, new byte[0], Map.of("Content-Type", "application/json"))),
                        MAX_BODY + CHUNKS_PAST_LIMIT), 413, "request_too_large"),
                new Case("tickets", "a body over the limit", () -> user("POST", "realtime/tickets", Map.of(), padded("{\"pad\":\"", MAX_BODY + 1)), 413, "request_too_large"),
                new Case("contacts", "Content-Length beyond 2^64", () -> user("POST", "contacts/requests",
                        Map.of("Content-Length", "99999999999999999999999"), utf8("{}")), 400, null),
                new Case("me", "a header of 2 MiB", () -> user("GET", "me", Map.of("X-Padding", "x".repeat(2 * 1024 * 1024)), null), 400, null),

                // JSON
                new Case("contacts", "100,000 [", () -> user("POST", "contacts/requests", Map.of(), utf8(DEEP)), 400, "malformed_json"),
                new Case("contacts", "100,000 [ in a field", () -> user("POST", "contacts/requests", Map.of(), utf8("{\"user_id\":" + DEEP)), 400, "malformed_json"),
                new Case("tickets", "100,000 [ to an address without a body", () -> user("POST", "realtime/tickets", Map.of(), utf8(DEEP)), 400, "malformed_json"),
                new Case("contacts", "a user_id of 4 MiB", () -> user("POST", "contacts/requests", Map.of(), utf8("{\"user_id\":\"" + "a".repeat(4 << 20) + "\"}")), 400, "bad_request"),
                new Case("ack", "seq 1e999999", () -> signed("POST", ack, utf8("{\"seq\":1e999999}")), 400, "malformed_json"),
                new Case("ack", "seq 2^64 + 1 (1 if wrapped around)", () -> signed("POST", ack, utf8("{\"seq\":18446744073709551617}")), 400, "malformed_json"),
                new Case("ack", "seq -0", () -> signed("POST", ack, utf8("{\"seq\":-0}")), 200, null),
                new Case("ack", "seq NaN", () -> signed("POST", ack, utf8("{\"seq\":NaN}")), 400, "malformed_json"),
                new Case("ack", "seq \"NaN\"", () -> signed("POST", ack, utf8("{\"seq\":\"NaN\"}")), 400, "malformed_json"),
                new Case("ack", "seq 1.5", () -> signed("POST", ack, utf8("{\"seq\":1.5}")), 400, "malformed_json"),
                new Case("ack", "seq -1", () -> signed("POST", ack, utf8("{\"seq\":-1}")), 400, "bad_request"),
                new Case("ack", "a duplicate key", () -> signed("POST", ack, utf8("{\"seq\":0,\"seq\":2}")), 400, "malformed_json"),
                new Case("ack", "seq a string", () -> signed("POST", ack, utf8("{\"seq\":\"abc\"}")), 400, "malformed_json"),
                new Case("ack", "seq an array", () -> signed("POST", ack, utf8("{\"seq\":[2]}")), 400, "malformed_json"),
                new Case("contacts", "user_id an object", () -> user("POST", "contacts/requests", Map.of(), utf8("{\"user_id\":{\"a\":1}}")), 400, "malformed_json"),
                new Case("ack", "a missing field", () -> signed("POST", ack, utf8("{}")), 400, "bad_request"),
                new Case("contacts", "a missing field", () -> user("POST", "contacts/requests", Map.of(), utf8("{}")), 400, "bad_request"),
                new Case("ack", "trailing garbage", () -> signed("POST", ack, utf8("{\"seq\":0} xyz")), 400, "malformed_json"),
                new Case("ack", "two objects", () -> signed("POST", ack, utf8("{\"seq\":0}{\"seq\":2}")), 400, "malformed_json"),
                new Case("ack", "an empty body", () -> signed("POST", ack, new byte[0]), 400, "bad_request"),
                new Case("contacts", "null", () -> user("POST", "contacts/requests", Map.of(), utf8("null")), 400, "malformed_json"),
                new Case("contacts", "bytes that are not UTF-8", () -> user("POST", "contacts/requests", Map.of(),
                        bytes("{\"user_id\":\"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"}")), 400, "malformed_json"),
                new Case("contacts", "text/plain", () -> user("POST", "contacts/requests", Map.of("Content-Type", "text/plain"),
                        utf8("{\"user_id\":\"x\"}")), 415, "unsupported_media_type"),
                new Case("contacts", "charset ISO-8859-1", () -> user("POST", "contacts/requests",
                        Map.of("Content-Type", "application/json; charset=ISO-8859-1"), utf8("{\"user_id\":\"x\"}")), 415, "unsupported_media_type"),
                new Case("contacts", "no Content-Type", () -> RawHttp.send(gateway, "POST", api + "contacts/requests", withToken(Map.of()),
                        utf8("{\"user_id\":\"x\"}")), 415, "unsupported_media_type"),

                // bytes in JSON fields
                new Case("create", "group_id not base64url", () -> signed("POST", "conversations", json(Map.of("type", "room", "name", "x",
                        "group_id", "%%%", "group_info", "AAAA"))), 400, "bad_request"),
                new Case("create", "a GroupInfo of garbage", () -> signed("POST", "conversations", json(Map.of("type", "room", "name", "x",
                        "group_id", DeliveryService.b64(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)),
                        "group_info", DeliveryService.b64(garbage())))), 400, "malformed_mls"),
                new Case("send", "message not base64url", () -> signed("POST", messages, json(Map.of("msg_id", "x1", "message", "%%%"))), 400, "malformed_mls"),
                new Case("send", "a truncated MLS message", () -> signed("POST", messages, json(Map.of("msg_id", "x2",
                        "message", DeliveryService.b64(Arrays.copyOf(message, message.length / 2))))), 400, "malformed_mls"),
                new Case("send", "MLS garbage", () -> signed("POST", messages, json(Map.of("msg_id", "x3", "message", DeliveryService.b64(garbage())))), 400, "malformed_mls"),
                new Case("send", "an MLS length prefix of 1 GiB", () -> signed("POST", messages, json(Map.of("msg_id", "x4",
                        "message", DeliveryService.b64(hugePrefix(2))))), 400, "malformed_mls"),
                new Case("send", "a message of 300 KB", () -> signed("POST", messages, json(Map.of("msg_id", "x5",
                        "message", DeliveryService.b64(new byte[300_000])))), 413, "envelope_too_large"),
                new Case("commit", "an MLS length prefix of 1 GiB", () -> signed("POST", commits, json(Map.of("msg_id", "x6",
                        "commit", DeliveryService.b64(hugePrefix(1)), "group_info", DeliveryService.b64(hugePrefix(4))))), 400, "malformed_mls"),
                new Case("commit", "adds not base64url", () -> signed("POST", commits, json(Map.of("msg_id", "x7",
                        "commit", "AAAA", "group_info", "AAAA", "adds", List.of("%%%")))), 400, "membership_mismatch"),
                new Case("key-packages", "not base64url", () -> signed("POST", "key-packages", json(Map.of("key_packages", List.of("%%%")))), 400, "key_package_invalid"),
                new Case("key-packages", "a truncated KeyPackage", () -> signed("POST", "key-packages", json(Map.of("key_packages",
                        List.of(truncated(laptop.newKeyPackages(1).get(0)))))), 400, "key_package_invalid"),
                new Case("key-packages", "a length prefix of 1 GiB", () -> signed("POST", "key-packages", json(Map.of("key_packages",
                        List.of(DeliveryService.b64(hugePrefix(5)))))), 400, "key_package_invalid"),

                // path, query and headers
                new Case("conversation", "a byte 0xff in the path", () -> user("GET", "conversations/\u00ff\u00fe", Map.of(), null), 400, null),
                new Case("presence", "a byte 0xff in the query", () -> user("GET", "presence?user_id=\u00ff", Map.of(), null), 400, null),
                new Case("conversation", "%FF%FE as its id (Undertow: not UTF-8)", () -> user("GET", "conversations/%FF%FE", Map.of(), null), 400, null),
                new Case("log", "after=%FF", () -> signed("GET", "conversations/" + room + "/log?after=%FF", null), 400, "bad_request"),
                new Case("log", "after=2^64", () -> signed("GET", "conversations/" + room + "/log?after=" + TWO_TO_THE_64, null), 400, "bad_request"),
                new Case("group-info", "epoch=abc", () -> signed("GET", "conversations/" + room + "/group-info?epoch=abc", null), 400, "bad_request"),
                new Case("presence", "user_id=%FF", () -> user("GET", "presence?user_id=%FF", Map.of(), null), 400, "bad_request"),
                new Case("key-packages", "Parley-Device-Id of bytes 0xff 0xfe", () -> user("GET", "key-packages/count",
                        Map.of("Parley-Device-Id", "\u00ff\u00fe"), null), 401, "request_proof_missing"),
                new Case("me", "a token of bytes 0xff 0xfe", () -> RawHttp.send(gateway, "GET", api + "me",
                        Map.of("Authorization", "Bearer \u00ff\u00fe"), null), 401, "token_malformed"),

                // SSE and connect tickets
                new Case("events", "a nonce never issued", () -> user("GET", "events?device_id=laptop&nonce=%25%25&signature=AAAA", Map.of(), null),
                        401, "realtime_nonce_invalid"),
                new Case("events", "a signature not base64url", () -> events("laptop", "laptop", "%25%25%25", Map.of()), 401, "device_proof_invalid"),
                new Case("events", "Last-Event-ID of bytes 0xff 0xfe", () -> events("laptop", "laptop", null, Map.of("Last-Event-ID", "\u00ff\u00fe")), 400, "bad_request"),
                new Case("events", "Last-Event-ID beyond int64", () -> events("laptop", "laptop", null, Map.of("Last-Event-ID", room + ":" + TWO_TO_THE_64)), 400, "bad_request"),
                new Case("events", "device_id %FF%FE", () -> events("%FF%FE", "\ufffd\ufffd", null, Map.of()), 404, "device_not_found"),
                new Case("ws", "ticket %FF%FE", () -> RawHttp.send(gateway, "GET", gateway.getPath() + "ws?ticket=%FF%FE", Map.of(), null), 401, "ticket_invalid"),
                new Case("ws", "a ticket of 8 KB", () -> RawHttp.send(gateway, "GET", gateway.getPath() + "ws?ticket=" + "A".repeat(8192), Map.of(), null), 401, "ticket_invalid"),

                // the Authentication Service
                new Case("identity", "100,000 [ in a field", () -> keycloak("PUT", "identity", carol, Map.of(), utf8("{\"identity_key\":" + DEEP)), 400, "malformed_json"),
                new Case("identity", "a duplicate key", () -> keycloak("PUT", "identity", carol, Map.of(),
                        utf8("{\"identity_key\":\"x\",\"identity_key\":\"" + AuthService.b64(carol.identity()) + "\"}")), 400, "malformed_json"),
                new Case("identity", "trailing garbage", () -> keycloak("PUT", "identity", carol, Map.of(),
                        utf8("{\"identity_key\":\"" + AuthService.b64(carol.identity()) + "\"} xyz")), 400, "malformed_json"),
                new Case("identity", "bytes that are not UTF-8", () -> keycloak("PUT", "identity", carol, Map.of(),
                        bytes("{\"identity_key\":\"", new byte[] {(byte) 0xff}, "\"}")), 400, "malformed_json"),
                new Case("identity", "null", () -> keycloak("PUT", "identity", carol, Map.of(), utf8("null")), 400, "malformed_json"),
                new Case("identity", "an empty body", () -> keycloak("PUT", "identity", carol, Map.of(), new byte[0]), 400, "bad_request"),
                new Case("identity", "identity_key not base64url", () -> keycloak("PUT", "identity", carol, Map.of(), utf8("{\"identity_key\":\"%%%\"}")),
                        400, "identity_key_invalid"),
                new Case("identity", "text/plain", () -> keycloak("PUT", "identity", carol, Map.of("Content-Type", "text/plain"),
                        utf8("{\"identity_key\":\"" + AuthService.b64(carol.identity()) + "\"}")), 415, null),
                new Case("identity", "Content-Length of 11 MiB", () -> keycloak("PUT", "identity", carol,
                        Map.of("Content-Length", Integer.toString(11 << 20)), new byte[0]), 413, null),
                new Case("devices", "created_at 1e999999", () -> keycloak("POST", "devices", laptop.user, Map.of(), deviceRegistration("created_at", "1e999999")),
                        400, "malformed_json"),
                new Case("devices", "cipher_suite 2^64", () -> keycloak("POST", "devices", laptop.user, Map.of(), deviceRegistration("cipher_suite", TWO_TO_THE_64)),
                        400, "malformed_json"),
                new Case("devices", "created_at 1.5", () -> keycloak("POST", "devices", laptop.user, Map.of(), deviceRegistration("created_at", "1.5")),
                        400, "malformed_json"),
                new Case("devices", "a label that is not UTF-8", () -> keycloak("PATCH", "devices/laptop", laptop.user, Map.of(),
                        bytes("{\"label\":\"", new byte[] {(byte) 0xc3}, "\"}")), 400, "malformed_json"),
                new Case("directory", "%FF%FE as the user id", () -> keycloak("GET", "directory/%FF%FE", laptop.user, Map.of(), null), 404, "user_not_found"),
                new Case("directory", "a byte 0xff in the path", () -> keycloak("GET", "directory/\u00ff", laptop.user, Map.of(), null), 404, "user_not_found")));

        SoftAssertions soft = new SoftAssertions();
        State before = state();
        for (Case c : cases) {
            RawHttp.Response answer;
            try {
                answer = c.call().get();
            } catch (RuntimeException e) {
                soft.fail(c + ": the request failed: " + e);
                continue;
            }
            soft.assertThat(answer.status()).as(c + " -> " + answer).isEqualTo(c.status());
            if (c.code() != null) {
                soft.assertThat(answer.error()).as(c + " -> " + answer).isEqualTo(c.code());
            }
            State after = state();
            soft.assertThat(after).as(c + ": nothing stored").isEqualTo(before);
            before = after;
        }
        soft.assertAll();
    }

    @Test
    void theWebSocketAnswersMalformedFramesWithErrorFramesAndOversizeOrUndecodableFramesWithACloseCode() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        State before = state();
        String token = ds.token(laptop.user);

        // What the container refuses before Parley sees a frame: RFC 6455 close codes
        Map<String, byte[][]> raw = new LinkedHashMap<>();
        raw.put("a text frame of the limit + 1 byte -> 1009", new byte[][] {{(byte) 0x81}, spaces(MAX_MESSAGE + 1)});
        raw.put("the limit + 1 byte in three fragments -> 1009", new byte[][] {{0x01}, spaces(MAX_MESSAGE / 2), {0x00}, spaces(MAX_MESSAGE / 4),
                {(byte) 0x80}, spaces(MAX_MESSAGE / 4 + 1)});
        raw.put("a binary frame of 1 MiB + 1 byte -> 1009", new byte[][] {{(byte) 0x82}, new byte[MAX_BINARY + 1]});
        raw.put("a binary frame -> 1003", new byte[][] {{(byte) 0x82}, {1, 2, 3}});
        raw.put("a text frame that is not UTF-8 -> 1007", new byte[][] {{(byte) 0x81}, {'{', '"', (byte) 0xff, '"', '}'}});
        raw.put("a reserved opcode -> 1002", new byte[][] {{(byte) 0x83}, {1}});
        Map<String, Integer> expectedClose = Map.of("a text frame of the limit + 1 byte -> 1009", 1009, "the limit + 1 byte in three fragments -> 1009", 1009,
                "a binary frame of 1 MiB + 1 byte -> 1009", 1009, "a binary frame -> 1003", 1003, "a text frame that is not UTF-8 -> 1007", 1007,
                "a reserved opcode -> 1002", 1002);
        for (Map.Entry<String, byte[][]> frames : raw.entrySet()) {
            try (SilentSocket socket = new SilentSocket(gateway, token)) {
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 0; i < frames.getValue().length; i += 2) {
                            socket.sendFrame(frames.getValue()[i][0] & 0xff, frames.getValue()[i + 1]);
                        }
                    } catch (IOException closedByTheGateway) {
                        // the close code is what counts
                    }
                });
                writer.start();
                int code;
                try {
                    code = socket.awaitClose();
                } catch (IOException e) {
                    code = -2;
                }
                writer.join(5_000);
                soft.assertThat(code).as(frames.getKey()).isEqualTo(expectedClose.get(frames.getKey()));
            }
        }

        // A message of exactly the limit reaches Parley, whole or in fragments (padding: malformed_frame)
        Map<String, byte[][]> atTheLimit = new LinkedHashMap<>();
        atTheLimit.put("a text frame of exactly the limit", new byte[][] {{(byte) 0x81}, spaces(MAX_MESSAGE)});
        atTheLimit.put("exactly the limit in three fragments", new byte[][] {{0x01}, spaces(MAX_MESSAGE / 2), {0x00}, spaces(MAX_MESSAGE / 4),
                {(byte) 0x80}, spaces(MAX_MESSAGE / 4)});
        for (Map.Entry<String, byte[][]> frames : atTheLimit.entrySet()) {
            try (SilentSocket socket = new SilentSocket(gateway, token)) {
                socket.nextText(); // hello
                for (int i = 0; i < frames.getValue().length; i += 2) {
                    socket.sendFrame(frames.getValue()[i][0] & 0xff, frames.getValue()[i + 1]);
                }
                JsonNode answer;
                try {
                    answer = socket.nextText();
                } catch (IOException e) {
                    soft.fail(frames.getKey() + ": closed instead of answered: " + e);
                    continue;
                }
                soft.assertThat(answer.path("error").asText()).as(frames.getKey() + " -> " + answer).isEqualTo("malformed_frame");
            }
        }

        // Before connect: the shape of the frame, then not_connected
        Map<String, String> unproven = new LinkedHashMap<>();
        unproven.put(DEEP, "malformed_frame");
        unproven.put("{\"type\":\"ping\",\"id\":\"p\",\"x\":" + DEEP, "malformed_frame");
        unproven.put("{\"type\":\"ping\",\"type\":\"connect\",\"id\":\"p\"}", "malformed_frame");
        unproven.put("{\"type\":\"ping\",\"id\":\"p\"} xyz", "malformed_frame");
        unproven.put("{\"type\":\"ping\",\"id\":\"p\",\"n\":1e999999}", "malformed_frame");
        unproven.put("{\"type\":\"ping\",\"id\":\"p\",\"n\":NaN}", "malformed_frame");
        unproven.put("", "malformed_frame");
        unproven.put("null", "malformed_frame");
        unproven.put("{\"type\":\"send\",\"id\":\"s\",\"conversation_id\":\"" + room + "\"}", "not_connected");
        unproven.put("{\"type\":\"bogus\",\"id\":\"b\"}", "not_connected");
        for (Map.Entry<String, String> frame : unproven.entrySet()) {
            GatewaySocketClient socket = GatewaySocketClient.open(gateway, token);
            socket.next(); // hello
            socket.sendText(frame.getKey());
            JsonNode answer = socket.next();
            soft.assertThat(answer.path("error").asText()).as(abbreviated(frame.getKey()) + " -> " + answer).isEqualTo(frame.getValue());
            socket.close();
        }

        // A protocol version beyond int32 that wraps around to 1 is not version 1
        GatewaySocketClient wrapped = GatewaySocketClient.open(gateway, token);
        wrapped.next();
        wrapped.sendText("{\"type\":\"connect\",\"id\":\"c\",\"protocol_version\":4294967297,\"device_id\":\"laptop\",\"signature\":\"AAAA\"}");
        soft.assertThat(wrapped.next().path("error").asText()).as("protocol_version 2^32+1").isEqualTo("unsupported_protocol_version");
        soft.assertThat(wrapped.awaitClose(Duration.ofSeconds(10))).as("protocol_version 2^32+1").isEqualTo(4426);

        // Connected: malformed fields get error frames (fewer than the ten that close the connection)
        byte[] message = laptop.protect("a message");
        GatewaySocketClient socket = GatewaySocketClient.connected(gateway, token, laptop.user.id(), laptop.deviceId,
                laptop.deviceKey.getPrivate());
        Map<String, Object[]> proven = new LinkedHashMap<>();
        proven.put("an unknown type", new Object[] {Map.of("type", "bogus"), "unknown_frame_type"});
        proven.put("ack seq 2^64 + 1", new Object[] {"{\"type\":\"ack\",\"id\":\"%s\",\"conversation_id\":\"" + room + "\",\"seq\":18446744073709551617}", "malformed_frame"});
        proven.put("ack seq -1", new Object[] {Map.of("type", "ack", "conversation_id", room, "seq", -1), "malformed_frame"});
        proven.put("ack seq \"5\"", new Object[] {Map.of("type", "ack", "conversation_id", room, "seq", "5"), "malformed_frame"});
        proven.put("ack seq 1.0", new Object[] {"{\"type\":\"ack\",\"id\":\"%s\",\"conversation_id\":\"" + room + "\",\"seq\":1.0}", "malformed_frame"});
        proven.put("send msg_id a number", new Object[] {Map.of("type", "send", "conversation_id", room, "msg_id", 5,
                "message", DeliveryService.b64(message)), "malformed_frame"});
        proven.put("send message not base64url", new Object[] {Map.of("type", "send", "conversation_id", room, "msg_id", "w1",
                "message", "%%%"), "malformed_mls"});
        proven.put("send a truncated MLS message", new Object[] {Map.of("type", "send", "conversation_id", room, "msg_id", "w2",
                "message", DeliveryService.b64(Arrays.copyOf(message, message.length / 2))), "malformed_mls"});
        proven.put("send an MLS length prefix of 1 GiB", new Object[] {Map.of("type", "send", "conversation_id", room, "msg_id", "w3",
                "message", DeliveryService.b64(hugePrefix(2))), "malformed_mls"});
        proven.put("commit an MLS length prefix of 1 GiB", new Object[] {Map.of("type", "commit", "conversation_id", room, "msg_id", "w4",
                "commit", DeliveryService.b64(hugePrefix(1)), "group_info", DeliveryService.b64(hugePrefix(4))), "malformed_mls"});
        proven.put("a second connect", new Object[] {Map.of("type", "connect", "protocol_version", 1, "device_id", "laptop",
                "signature", "AAAA"), "already_connected"});
        int n = 0;
        for (Map.Entry<String, Object[]> frame : proven.entrySet()) {
            String id = "f" + (++n);
            JsonNode answer;
            if (frame.getValue()[0] instanceof String text) {
                socket.sendText(String.format(text, id));
                answer = socket.await(a -> a.path("id").asText().equals(id), Duration.ofSeconds(10));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) frame.getValue()[0]);
                fields.put("id", id);
                answer = socket.request(fields);
            }
            soft.assertThat(answer.path("error").asText()).as(frame.getKey() + " -> " + answer).isEqualTo(frame.getValue()[1]);
        }
        soft.assertThat(socket.isClosed()).as("the connection stays open").isFalse();
        socket.close();

        soft.assertThat(state()).as("nothing stored").isEqualTo(before);
        soft.assertAll();
    }

    private static byte[] spaces(int count) {
        byte[] spaces = new byte[count];
        Arrays.fill(spaces, (byte) ' ');
        return spaces;
    }

    /** How far past the limit a never-ending chunked body goes before the client stops sending. */
    private static final long CHUNKS_PAST_LIMIT = 1024 * 1024;

    private static State state() {
        JsonNode conversation = HttpCalls.json(ds.get(laptop, "conversations/" + room));
        HttpResponse<String> cursor = ds.send("POST", "conversations/" + room + "/ack", laptop, Map.of("seq", 0));
        assertThat(cursor.statusCode()).as(cursor.body()).isEqualTo(200);
        HttpResponse<String> contacts = HttpCalls.get(URI.create(gateway + "api/v1/contacts"), ds.token(laptop.user));
        HttpResponse<String> conversations = HttpCalls.get(URI.create(gateway + "api/v1/conversations"), ds.token(laptop.user));
        return new State(conversation.get("last_seq").asLong(), conversation.get("epoch").asLong(),
                HttpCalls.json(cursor).get("seq").asLong(), ds.keyPackageCount(laptop), HttpCalls.json(contacts),
                HttpCalls.json(conversations).get("conversations").size(), auth.ownDevices(laptop.user).size(),
                auth.call("GET", "identity", carol.token(), null).statusCode());
    }

    /** As the laptop's user, no device; a body goes as JSON unless {@code headers} name a Content-Type. */
    private static RawHttp.Response user(String method, String path, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>();
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        return RawHttp.send(gateway, method, api + path, withToken(all), body);
    }

    /** As the laptop, the request signed with its key over exactly these bytes. */
    private static RawHttp.Response signed(String method, String path, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return RawHttp.send(gateway, method, api + path, withToken(proof(method, path, body, headers)), body);
    }

    private static Map<String, String> proof(String method, String path, byte[] body, Map<String, String> headers) {
        URI uri = URI.create("http://" + gateway.getHost() + ":" + gateway.getPort() + api + path);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(laptop.signer().headers(HttpCalls.gatewayId(gateway.resolve("api/v1/me"), ds.token(laptop.user)), method, uri, body));
        return all;
    }

    private static Map<String, String> withToken(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", "Bearer " + ds.token(laptop.user));
        return all;
    }

    /**
     * {@code GET events} as the laptop's user naming {@code deviceParam} (as it goes in the query), with a fresh nonce
     * and the laptop key's proof over it for {@code signedDeviceId} ({@code signature} instead when given, as it goes in
     * the query).
     */
    private static RawHttp.Response events(String deviceParam, String signedDeviceId, String signature, Map<String, String> headers) {
        HttpResponse<String> issued = HttpCalls.send("POST", gateway.resolve("api/v1/realtime/nonces"), ds.token(laptop.user), null);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String nonce = HttpCalls.json(issued).get("nonce").asText();
        String gatewayId = HttpCalls.gatewayId(gateway.resolve("api/v1/me"), ds.token(laptop.user));
        String proof = signature != null ? signature : Base64Url.encode(new ConnectProof(gatewayId, laptop.user.id(), signedDeviceId,
                Base64Url.decode(nonce)).sign(laptop.deviceKey.getPrivate()));
        return user("GET", "events?device_id=" + deviceParam + "&nonce=" + nonce + "&signature=" + proof, headers, null);
    }

    private static RawHttp.Response keycloak(String method, String path, AuthService.User user, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>();
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        all.put("Authorization", "Bearer " + (user == carol ? carol.token() : ds.token(user)));
        return RawHttp.send(realm, method, parley + path, all, body);
    }

    /** A complete registration of a new device of the laptop's user with {@code field} replaced by a raw JSON literal. */
    private static byte[] deviceRegistration(String field, String literal) {
        Map<String, Object> registration = auth.registration(laptop.user, AuthService.ed25519(), "d" + UUID.randomUUID().toString().substring(0, 8));
        String json = new String(json(registration), StandardCharsets.UTF_8);
        Object value = registration.get(field);
        String quoted = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return utf8(json.replace("\"" + field + "\":" + quoted, "\"" + field + "\":" + literal));
    }

    /** {@code prefix}, then x up to {@code size} bytes less two, then {@code "}}. */
    private static byte[] padded(String prefix, int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] start = utf8(prefix);
        System.arraycopy(start, 0, body, 0, start.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    /** An MLSMessage header (version 1, this wire format) and a first field whose length prefix says 2^30 - 1 bytes. */
    private static byte[] hugePrefix(int wireFormat) {
        return wireFormat == 5
                ? new byte[] {0, 1, 0, 5, 0, 1, 0, 1, (byte) 0xbf, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4}
                : new byte[] {0, 1, 0, (byte) wireFormat, (byte) 0xbf, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4};
    }

    private static byte[] garbage() {
        byte[] garbage = new byte[64];
        new java.security.SecureRandom().nextBytes(garbage);
        garbage[0] = 0x42;
        return garbage;
    }

    private static String truncated(String base64url) {
        byte[] bytes = Base64Url.decode(base64url).toByteArray();
        return Base64Url.encode(Bytes.of(Arrays.copyOf(bytes, bytes.length / 2)));
    }

    private static byte[] json(Object value) {
        return HttpCalls.bytes(value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        byte[] a = utf8(before);
        byte[] c = utf8(after);
        byte[] all = Arrays.copyOf(a, a.length + middle.length + c.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "… (" + text.length() + " chars)";
    }
}
