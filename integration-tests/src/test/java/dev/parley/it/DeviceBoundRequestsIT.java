package dev.parley.it;

import static dev.parley.it.DeliveryService.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.device.RequestProof;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * REST calls that act as a device are bound to the device's key (docs/security.md#device-bound-requests): whoever
 * holds the user's access token but not the device's key — another device of the same user, or a thief of the token —
 * can neither read, send nor acknowledge as that device; a signed request is accepted once, for the body it signed.
 */
@ExtendWith(ParleyStack.class)
class DeviceBoundRequestsIT {

    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(stack);
    }

    /** Alice's laptop in a room with two messages; her phone holds her token and its own key, not the laptop's. */
    private record Room(MlsDevice laptop, MlsDevice phone, String id, String token) {
    }

    private static Room room() {
        AuthService.User alice = auth.userWithIdentity();
        MlsDevice laptop = MlsDevice.register(auth, alice, "laptop");
        MlsDevice phone = MlsDevice.register(auth, alice, "phone");
        byte[] groupId = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = ds.createRoom(laptop, "Room " + UUID.randomUUID(), groupId, laptop.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = HttpCalls.json(created).get("conversation_id").asText();
        for (String msgId : List.of("m-1", "m-2")) {
            HttpResponse<String> sent = ds.sendMessage(laptop, id, msgId, laptop.protect("hello " + msgId));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        }
        return new Room(laptop, phone, id, ds.token(alice));
    }

    @Test
    void theUsersTokenWithoutTheDevicesKeyCannotReadSendOrAckAsTheDevice() {
        Room room = room();
        String log = "conversations/" + room.id() + "/log?after=0&limit=100";
        String messages = "conversations/" + room.id() + "/messages";
        String ack = "conversations/" + room.id() + "/ack";
        Map<String, Object> message = Map.of("msg_id", "forged-1", "message", DeliveryService.b64(room.laptop().protect("forged")));
        HttpCalls.Signer phoneKeyAsLaptop = new HttpCalls.Signer(room.laptop().user.id(), "laptop", room.phone().deviceKey.getPrivate());

        // naming the laptop without a proof
        assertError(ds.send("GET", log, room.token(), "laptop", null), 401, "request_proof_missing");
        assertError(ds.send("POST", messages, room.token(), "laptop", message), 401, "request_proof_missing");
        assertError(ds.send("POST", ack, room.token(), "laptop", Map.of("seq", 2)), 401, "request_proof_missing");
        assertError(ds.send("GET", "key-packages/count", room.token(), "laptop", null), 401, "request_proof_missing");
        assertError(ds.send("PUT", "presence", room.token(), "laptop", Map.of("status", "away")), 401, "request_proof_missing");
        assertError(ds.send("POST", "key-packages/claim", room.token(), "laptop",
                Map.of("user_id", room.laptop().user.id())), 401, "request_proof_missing");

        // naming the laptop, signed with the phone's key
        assertError(ds.sendAs("GET", log, room.token(), phoneKeyAsLaptop, null), 401, "request_proof_invalid");
        assertError(ds.sendAs("POST", messages, room.token(), phoneKeyAsLaptop, message), 401, "request_proof_invalid");
        assertError(ds.sendAs("POST", ack, room.token(), phoneKeyAsLaptop, Map.of("seq", 2)), 401, "request_proof_invalid");
        assertError(ds.sendAs("GET", "conversations/" + room.id() + "/group-info", room.token(), phoneKeyAsLaptop, null),
                401, "request_proof_invalid");

        // nothing was stored or moved: the log holds the laptop's two messages and its cursor is still at 0
        assertThat(ds.entries(room.laptop(), room.id(), 0)).extracting(e -> e.get("msg_id").asText()).containsExactly("m-1", "m-2");
        assertThat(cursor(room)).isZero();
        // and the phone acts as itself (here: not a member of the room)
        assertError(ds.log(room.phone(), room.id(), 0, 100), 403, "not_member");
    }

    @Test
    void aSignedRequestIsAcceptedOnceForTheBodyItSigned() {
        Room room = room();
        URI ack = ds.api().resolve("conversations/" + room.id() + "/ack");
        byte[] seq1 = "{\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> proof = room.laptop().signer().headers(HttpCalls.gatewayId(ack, room.token()), "POST", ack, seq1);

        // the body is not the one signed
        assertError(ds.exchange("POST", ack, room.token(), proof, "{\"seq\":2}".getBytes(StandardCharsets.UTF_8)),
                401, "request_proof_invalid");
        assertThat(cursor(room)).isZero();

        // the request as signed: accepted once, then refused as a replay
        HttpResponse<String> accepted = ds.exchange("POST", ack, room.token(), proof, seq1);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(HttpCalls.json(accepted).get("seq").asLong()).isEqualTo(1);
        assertError(ds.exchange("POST", ack, room.token(), proof, seq1), 401, "request_replayed");

        // a proof for another address, or made ten minutes ago, does not hold
        URI otherRoom = ds.api().resolve("conversations/" + UUID.randomUUID() + "/ack");
        Map<String, String> forOther = room.laptop().signer().headers(HttpCalls.gatewayId(ack, room.token()), "POST", otherRoom, seq1);
        assertError(ds.exchange("POST", ack, room.token(), forOther, seq1), 401, "request_proof_invalid");
        Map<String, String> old = RequestProof.of(HttpCalls.gatewayId(ack, room.token()), room.laptop().user.id(), "laptop", "POST",
                ack, seq1, Instant.now().minusSeconds(600)).headers(room.laptop().deviceKey.getPrivate());
        assertError(ds.exchange("POST", ack, room.token(), old, seq1), 401, "request_proof_invalid");

        assertThat(cursor(room)).isEqualTo(1);
    }

    /** The laptop's delivery cursor: an ack of 0 never moves it and answers where it is. */
    private static long cursor(Room room) {
        HttpResponse<String> acked = ds.send("POST", "conversations/" + room.id() + "/ack", room.laptop(), Map.of("seq", 0));
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        return HttpCalls.json(acked).get("seq").asLong();
    }
}
