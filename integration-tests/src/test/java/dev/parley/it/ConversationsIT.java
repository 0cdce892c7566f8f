package dev.parley.it;

import static dev.parley.it.DeliveryService.assertError;
import static dev.parley.it.DeliveryService.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MLS Delivery Service end to end: real users and devices in the real Keycloak, real MLS clients (bcmls) whose
 * KeyPackages, commits, Welcomes and application messages pass through the gateway's REST API.
 */
@ExtendWith(ParleyStack.class)
class ConversationsIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(stack);
    }

    @Test
    void threeDevicesBuildARoomTalkAndRemoveOne() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        ds.uploadKeyPackages(bob, 3);
        ds.uploadKeyPackages(carol, 3);

        Room room = createRoom(alice);
        JsonNode created = room.created;
        assertThat(created.get("epoch").asLong()).isZero();
        assertThat(created.get("role").asText()).isEqualTo("owner");
        assertThat(created.get("gateway_id").asText()).isEqualTo("gw_it");
        assertThat(created.get("conv_home").asText()).isEqualTo("gw_it");
        assertThat(created.get("origin_gateway").asText()).isEqualTo("gw_it");

        JsonNode bobKp = ds.claim(alice, bob);
        JsonNode carolKp = ds.claim(alice, carol);
        MlsDevice.PendingCommit add = alice.commitAdds(List.of(bobKp.get("key_package").asText(), carolKp.get("key_package").asText()));
        HttpResponse<String> accepted = ds.commit(alice, room.id, "add-1", add,
                List.of(bobKp.get("ref").asText(), carolKp.get("ref").asText()), List.of());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(HttpCalls.json(accepted).get("seq").asLong()).isEqualTo(1);
        assertThat(HttpCalls.json(accepted).get("epoch").asLong()).isEqualTo(1);
        alice.applyOwn(add);

        joinFromLog(bob, room.id);
        joinFromLog(carol, room.id);
        assertSameEpoch(alice, bob, carol);
        assertThat(bob.leaf()).isEqualTo(1);
        assertThat(carol.leaf()).isEqualTo(2);

        JsonNode members = HttpCalls.json(ds.get(alice, "conversations/" + room.id + "/members"));
        assertThat(members.get("devices")).hasSize(3);
        assertThat(members.get("users")).hasSize(3);

        long seq = 3;
        for (MlsDevice sender : List.of(alice, bob, carol)) {
            HttpResponse<String> sent = ds.sendMessage(sender, room.id, "m-" + sender.deviceId, sender.protect("hello from " + sender.deviceId));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(HttpCalls.json(sent).get("seq").asLong()).isEqualTo(++seq);
        }
        for (MlsDevice reader : List.of(alice, bob, carol)) {
            List<String> texts = new ArrayList<>();
            for (JsonNode entry : ds.entries(reader, room.id, 3)) {
                assertThat(entry.get("kind").asText()).isEqualTo("application");
                texts.add(reader.unprotect(bytes(entry.get("message"))));
            }
            assertThat(texts).containsExactly("hello from laptop", "hello from phone", "hello from tablet");
        }
        // One entry a page: alice's page after the commit passes over both Welcomes (bob's and carol's, not hers)
        JsonNode onePage = HttpCalls.json(ds.log(alice, room.id, 1, 1));
        assertThat(onePage.get("entries")).extracting(e -> e.get("seq").asLong()).containsExactly(4L);
        assertThat(onePage.get("more").asBoolean()).isTrue();
        JsonNode carolsWelcome = HttpCalls.json(ds.log(carol, room.id, 1, 1));
        assertThat(carolsWelcome.get("entries")).extracting(e -> e.get("seq").asLong()).containsExactly(3L);
        assertThat(carolsWelcome.get("entries").get(0).get("message").asText()).as("the Welcome's stored bytes").isNotEmpty();

        MlsDevice.PendingCommit remove = alice.commitRemoves(carol.leaf());
        HttpResponse<String> removed = ds.commit(alice, room.id, "remove-1", remove, List.of(), List.of(carol));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        long removalSeq = HttpCalls.json(removed).get("seq").asLong();
        alice.applyOwn(remove);
        List<JsonNode> bobSees = ds.entries(bob, room.id, 6);
        assertThat(bobSees).hasSize(1);
        bob.handleCommit(bytes(bobSees.get(0).get("message")));
        assertSameEpoch(alice, bob);

        assertError(ds.sendMessage(carol, room.id, "m-after", carol.protect("still here?")), 403, "not_member");
        HttpResponse<String> late = ds.sendMessage(alice, room.id, "m-late", alice.protect("carol is gone"));
        assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
        List<JsonNode> carolSees = ds.entries(carol, room.id, 6);
        assertThat(carolSees).extracting(e -> e.get("seq").asLong()).containsExactly(removalSeq);
        assertThat(ds.entries(carol, room.id, removalSeq)).isEmpty();
        assertThat(bob.unprotect(bytes(ds.entries(bob, room.id, removalSeq).get(0).get("message")))).isEqualTo("carol is gone");
        assertThat(HttpCalls.json(ds.get(alice, "conversations/" + room.id + "/members")).get("devices")).hasSize(2);
        assertError(ds.get(carol, "conversations/" + room.id), 404, "conversation_not_found");
    }

    @Test
    void anyMemberRemovesARevokedDeviceOfAnotherUserButNoActiveOne() throws InterruptedException {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        Room room = roomWith(alice, bob, carol);
        joinFromLog(bob, room.id);
        joinFromLog(carol, room.id);

        MlsDevice.PendingCommit tooEarly = bob.commitRemoves(carol.leaf());
        assertError(ds.commit(bob, room.id, "remove-active", tooEarly, List.of(), List.of(carol)), 403, "role_required");

        assertThat(auth.call("DELETE", "devices/tablet", carol.user.token(), null).statusCode()).isEqualTo(204);
        Instant deadline = Instant.now().plusSeconds(15);
        while (ds.get(carol, "conversations/" + room.id).statusCode() != 403 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        MlsDevice.PendingCommit remove = bob.commitRemoves(carol.leaf());
        HttpResponse<String> removed = ds.commit(bob, room.id, "remove-revoked", remove, List.of(), List.of(carol));

        assertThat(removed.statusCode()).as("a member removes another user's revoked device: " + removed.body()).isEqualTo(200);
        bob.applyOwn(remove);
        List<JsonNode> aliceSees = ds.entries(alice, room.id, HttpCalls.json(removed).get("seq").asLong() - 1);
        alice.handleCommit(bytes(aliceSees.get(0).get("message")));
        assertSameEpoch(alice, bob);
        assertThat(HttpCalls.json(ds.get(alice, "conversations/" + room.id + "/members")).get("devices")).hasSize(2);
    }

    @Test
    void everyRejectedCommitOrMessageChangesNothing() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        ds.uploadKeyPackages(bob, 4);
        ds.uploadKeyPackages(carol, 4);
        Room room = createRoom(alice);
        // adds that do not match the declaration, or KeyPackages the directory never handed out
        JsonNode bobKp = ds.claim(alice, bob);
        Snapshot before = snapshot(alice, room.id, bob);
        MlsDevice.PendingCommit addBob = alice.commitAdds(List.of(bobKp.get("key_package").asText()));
        assertError(ds.commit(alice, room.id, "a1", addBob, List.of(), List.of()), 400, "membership_mismatch");
        assertError(ds.commit(alice, room.id, "a2", new MlsDevice.PendingCommit(null, addBob.commit(), null, addBob.groupInfo()),
                List.of(bobKp.get("ref").asText()), List.of()), 400, "membership_mismatch");
        assertError(ds.commit(alice, room.id, "a3", addBob, List.of(bobKp.get("ref").asText()), List.of(carol)), 400, "membership_mismatch");
        String unclaimed = carol.newKeyPackages(1).get(0);
        assertThat(ds.send("POST", "key-packages", carol, java.util.Map.of("key_packages", List.of(unclaimed))).statusCode()).isEqualTo(200);
        MlsDevice.PendingCommit addCarolUnclaimed = alice.commitAdds(List.of(unclaimed));
        assertError(ds.commit(alice, room.id, "a4", addCarolUnclaimed,
                List.of(ref(unclaimed)), List.of()), 400, "key_package_not_claimed");
        // malformed and unsupported MLS, and a GroupInfo of the wrong epoch
        assertError(ds.sendMessage(alice, room.id, "x1", new byte[] {0, 1, 0, 2}), 400, "malformed_mls");
        assertError(ds.send("POST", "conversations/" + room.id + "/messages", alice, java.util.Map.of("msg_id", "x2", "message", "%%%")), 400, "malformed_mls");
        assertError(ds.sendMessage(alice, room.id, "x3", addBob.commit()), 400, "mls_unsupported");
        assertError(ds.commit(alice, room.id, "x4", new MlsDevice.PendingCommit(null, alice.protect("hi"), null, addBob.groupInfo()),
                List.of(), List.of()), 400, "mls_unsupported");
        assertError(ds.commit(alice, room.id, "x5", new MlsDevice.PendingCommit(null, addBob.groupInfo(), null, addBob.groupInfo()),
                List.of(), List.of()), 400, "malformed_mls");
        assertError(ds.commit(alice, room.id, "x6", new MlsDevice.PendingCommit(null, addBob.commit(), addBob.welcome(), alice.createGroupInfo()),
                List.of(bobKp.get("ref").asText()), List.of()), 400, "group_info_invalid");
        assertThat(snapshot(alice, room.id, bob)).isEqualTo(before);
        assertThat(ds.keyPackageCount(carol)).isEqualTo(5);

        // the accepted commit; resubmitted it is a duplicate, and a commit for an epoch that was left is stale
        HttpResponse<String> accepted = ds.commit(alice, room.id, "a5", addBob, List.of(bobKp.get("ref").asText()), List.of());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        alice.applyOwn(addBob);
        joinFromLog(bob, room.id);
        MlsDevice.PendingCommit aliceUpdate = alice.commitUpdate();
        MlsDevice.PendingCommit bobUpdate = bob.commitUpdate();
        assertThat(ds.commit(bob, room.id, "u1", bobUpdate, List.of(), List.of()).statusCode()).isEqualTo(200);
        bob.applyOwn(bobUpdate);
        alice.handleCommit(bobUpdate.commit());
        before = snapshot(alice, room.id, bob);
        HttpResponse<String> stale = ds.commit(alice, room.id, "a6", aliceUpdate, List.of(), List.of());
        assertError(stale, 409, "stale_epoch");
        assertThat(HttpCalls.json(stale).get("current_epoch").asLong()).isEqualTo(2);
        HttpResponse<String> again = ds.commit(alice, room.id, "a5", addBob, List.of(bobKp.get("ref").asText()), List.of());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(HttpCalls.json(again).get("duplicate").asBoolean()).isTrue();
        assertThat(HttpCalls.json(again).get("seq").asLong()).isEqualTo(HttpCalls.json(accepted).get("seq").asLong());
        assertThat(snapshot(alice, room.id, bob)).isEqualTo(before);

        // roles: a member adds only its own devices (MLS clients themselves refuse to add a member twice)
        JsonNode carolKp = ds.claim(bob, carol);
        MlsDevice.PendingCommit bobAddsCarol = bob.commitAdds(List.of(carolKp.get("key_package").asText()));
        assertError(ds.commit(bob, room.id, "r1", bobAddsCarol, List.of(carolKp.get("ref").asText()), List.of()), 403, "role_required");
        // the sender must be the calling device's leaf
        assertError(ds.commit(bob, room.id, "r3", alice.commitUpdate(), List.of(), List.of()), 403, "not_member");
        assertThat(snapshot(alice, room.id, bob)).isEqualTo(before);

        // application messages: members only, this group only, and an idempotent msg_id
        assertError(ds.sendMessage(carol, room.id, "s1", alice.protect("not carol's")), 404, "conversation_not_found");
        MlsDevice bobsTablet = MlsDevice.register(auth, bob.user, "tablet");
        assertError(ds.sendMessage(bobsTablet, room.id, "s2", bob.protect("from an unknown device")), 403, "not_member");
        MlsDevice other = device("desk");
        byte[] otherGroup = new byte[8];
        RANDOM.nextBytes(otherGroup);
        other.createGroup(otherGroup);
        assertError(ds.sendMessage(alice, room.id, "s3", other.protect("wrong group")), 400, "unknown_group");
        assertThat(snapshot(alice, room.id, bob)).isEqualTo(before);
        HttpResponse<String> sent = ds.sendMessage(bob, room.id, "s4", bob.protect("once"));
        HttpResponse<String> resent = ds.sendMessage(bob, room.id, "s4", bob.protect("once"));
        assertThat(HttpCalls.json(resent).get("seq").asLong()).isEqualTo(HttpCalls.json(sent).get("seq").asLong());
        assertThat(HttpCalls.json(resent).get("duplicate").asBoolean()).isTrue();
        assertError(ds.sendMessage(alice, room.id, "s4", alice.protect("same id")), 409, "conflict");
        assertThat(snapshot(alice, room.id, bob).lastSeq()).isEqualTo(before.lastSeq() + 1);
    }

    @Test
    void aBlockedUserCannotBeAddedAndIsNotToldWhy() {
        MlsDevice alice = device("laptop");
        MlsDevice erin = device("phone");
        ds.uploadKeyPackages(erin, 2);
        Room room = createRoom(alice);
        JsonNode erinKp = ds.claim(alice, erin);
        assertThat(ds.send("PUT", "blocks/" + alice.user.id(), erin, null).statusCode()).isBetween(200, 204);

        Snapshot before = snapshot(alice, room.id, erin);
        assertError(ds.commit(alice, room.id, "b1", alice.commitAdds(List.of(erinKp.get("key_package").asText())),
                List.of(erinKp.get("ref").asText()), List.of()), 403, "contact_refused");
        assertThat(snapshot(alice, room.id, erin)).isEqualTo(before);
        byte[] groupId = new byte[12];
        RANDOM.nextBytes(groupId);
        assertError(ds.createDm(alice, erin.user.id(), groupId), 403, "contact_refused");
        assertError(ds.createDm(erin, alice.user.id(), groupId), 403, "contact_refused");
    }

    @Test
    void aPairHasExactlyOneDirectConversationAlsoUnderConcurrentCreates() throws Exception {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        int creators = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(creators);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<HttpResponse<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < creators; i++) {
                MlsDevice creator = i % 2 == 0 ? alice : bob;
                MlsDevice peer = i % 2 == 0 ? bob : alice;
                byte[] groupId = new byte[16];
                RANDOM.nextBytes(groupId);
                results.add(pool.submit(() -> {
                    start.await();
                    return ds.createDm(creator, peer.user.id(), groupId);
                }));
            }
            start.countDown();
            java.util.Set<String> ids = new java.util.HashSet<>();
            int created = 0;
            for (java.util.concurrent.Future<HttpResponse<String>> result : results) {
                HttpResponse<String> response = result.get();
                assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
                created += response.statusCode() == 201 ? 1 : 0;
                ids.add(HttpCalls.json(response).get("conversation_id").asText());
                assertThat(HttpCalls.json(response).get("type").asText()).isEqualTo("dm");
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).hasSize(1);
            String id = ids.iterator().next();
            for (MlsDevice user : List.of(alice, bob)) {
                JsonNode mine = HttpCalls.json(ds.get(user, "conversations")).get("conversations");
                assertThat(mine).hasSize(1);
                assertThat(mine.get(0).get("conversation_id").asText()).isEqualTo(id);
                assertThat(mine.get(0).get("users")).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDirectConversationCarriesMessagesBetweenItsTwoUsers() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        ds.uploadKeyPackages(bob, 1);
        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        byte[] epochZero = alice.createGroup(groupId);
        HttpResponse<String> created = ds.createDm(alice, bob.user.id(), groupId, epochZero);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = HttpCalls.json(created).get("conversation_id").asText();
        JsonNode bobKp = ds.claim(alice, bob);
        MlsDevice.PendingCommit add = alice.commitAdds(List.of(bobKp.get("key_package").asText()));
        assertThat(ds.commit(alice, id, "c1", add, List.of(bobKp.get("ref").asText()), List.of()).statusCode()).isEqualTo(200);
        alice.applyOwn(add);
        joinFromLog(bob, id);
        assertSameEpoch(alice, bob);
        assertThat(ds.sendMessage(bob, id, "hi", bob.protect("hi alice")).statusCode()).isEqualTo(200);
        assertThat(alice.unprotect(bytes(ds.entries(alice, id, 1).get(0).get("message")))).isEqualTo("hi alice");
        JsonNode groupInfo = HttpCalls.json(ds.get(bob, "conversations/" + id + "/group-info"));
        assertThat(groupInfo.get("epoch").asLong()).isEqualTo(1);
        assertThat(bytes(groupInfo.get("group_info"))).isEqualTo(add.groupInfo());
        assertThat(bytes(HttpCalls.json(ds.get(bob, "conversations/" + id + "/group-info?epoch=0")).get("group_info")))
                .isEqualTo(epochZero);
        assertError(ds.get(bob, "conversations/" + id + "/group-info?epoch=7"), 404, "group_info_not_found");
    }

    @Test
    void aMemberThatLostItsStateRejoinsByExternalCommit() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        Room room = roomWith(alice, bob, carol);
        long seen = joinFromLog(bob, room.id);
        joinFromLog(carol, room.id);

        MlsDevice reinstalled = bob.withLostState();
        JsonNode groupInfo = HttpCalls.json(ds.get(reinstalled, "conversations/" + room.id + "/group-info"));
        assertThat(groupInfo.get("epoch").asLong()).isEqualTo(1);
        MlsDevice.PendingCommit rejoin = reinstalled.externalRejoin(bytes(groupInfo.get("group_info")), bob.leaf());
        MlsDevice stranger = MlsDevice.register(auth, auth.userWithIdentity(), "desk");
        assertError(ds.commit(stranger, room.id, "e0", rejoin, List.of(), List.of(bob)), 404, "conversation_not_found");
        assertError(ds.commit(reinstalled, room.id, "e1", rejoin, List.of(), List.of()), 400, "membership_mismatch");
        HttpResponse<String> accepted = ds.commit(reinstalled, room.id, "e2", rejoin, List.of(), List.of(bob));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        reinstalled.applyExternal(rejoin);
        for (MlsDevice member : List.of(alice, carol)) {
            List<JsonNode> entries = ds.entries(member, room.id, seen);
            member.handleCommit(bytes(entries.get(entries.size() - 1).get("message")));
        }
        assertSameEpoch(alice, carol, reinstalled);
        HttpResponse<String> sent = ds.sendMessage(reinstalled, room.id, "back", reinstalled.protect("back again"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(alice.unprotect(bytes(ds.entries(alice, room.id, HttpCalls.json(accepted).get("seq").asLong()).get(0)
                .get("message")))).isEqualTo("back again");
        assertThat(HttpCalls.json(ds.get(alice, "conversations/" + room.id + "/members")).get("devices")).hasSize(3);
    }

    @Test
    void aGroupInfoThatIsNotTheOneItsCommitCreatesIsRefusedAndHonestCommitsGoOn() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        Room room = roomWith(alice, bob, carol);
        joinFromLog(bob, room.id);
        joinFromLog(carol, room.id);

        // bob commits normally but uploads a re-signed GroupInfo whose GroupContext differs from the one his commit creates
        MlsDevice.PendingCommit update = bob.commitUpdate();
        Snapshot before = snapshot(alice, room.id, carol);
        List<java.util.function.UnaryOperator<dev.parley.protocol.mls.group.GroupContext>> changes =
                List.of(CraftedMls::withExtraExtension, CraftedMls::withOtherTranscriptHash, CraftedMls::withOtherTreeHash);
        for (int i = 0; i < changes.size(); i++) {
            byte[] forged = CraftedMls.reSignedGroupInfo(update.groupInfo(), bob, changes.get(i));
            assertError(ds.commit(bob, room.id, "poison-" + i, new MlsDevice.PendingCommit(null, update.commit(), null, forged),
                    List.of(), List.of()), 400, "group_info_invalid");
        }
        assertThat(snapshot(alice, room.id, carol)).isEqualTo(before);

        // the same commit with its true GroupInfo is accepted, and every later commit verifies against it
        HttpResponse<String> honest = ds.commit(bob, room.id, "honest", update, List.of(), List.of());
        assertThat(honest.statusCode()).as(honest.body()).isEqualTo(200);
        bob.applyOwn(update);
        alice.handleCommit(update.commit());
        carol.handleCommit(update.commit());
        MlsDevice.PendingCommit next = alice.commitUpdate();
        assertThat(ds.commit(alice, room.id, "next", next, List.of(), List.of()).statusCode()).isEqualTo(200);
        alice.applyOwn(next);
        bob.handleCommit(next.commit());
        carol.handleCommit(next.commit());
        MlsDevice.PendingCommit removeCarol = alice.commitRemoves(carol.leaf());
        HttpResponse<String> removed = ds.commit(alice, room.id, "remove", removeCarol, List.of(), List.of(carol));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        alice.applyOwn(removeCarol);
        bob.handleCommit(removeCarol.commit());
        assertSameEpoch(alice, bob);
    }

    @Test
    void aNewGroupNeedsItsGroupInfoAndItsFirstCommitIsSignatureChecked() {
        MlsDevice alice = device("laptop");
        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        alice.createGroup(groupId);
        assertError(ds.createRoom(alice, "no group info", groupId, null), 400, "bad_request");

        Room room = createRoom(alice);
        MlsDevice bob = device("phone");
        ds.uploadKeyPackages(bob, 1);
        JsonNode bobKp = ds.claim(alice, bob);
        List<String> ref = List.of(bobKp.get("ref").asText());
        MlsDevice.PendingCommit update = alice.commitAdds(List.of(bobKp.get("key_package").asText()));
        byte[] tampered = update.commit().clone();
        byte[] signature = dev.parley.protocol.mls.MlsMessage.parse(tampered)
                .bodyAs(dev.parley.protocol.mls.framing.PublicMessage.class).auth().signature().toByteArray();
        int at = indexOf(tampered, signature) + signature.length - 1;
        tampered[at] ^= 1;
        assertError(ds.commit(alice, room.id, "u0", new MlsDevice.PendingCommit(null, tampered, update.welcome(), update.groupInfo()),
                ref, List.of()), 400, "mls_signature_invalid");
        assertThat(ds.commit(alice, room.id, "u1", update, ref, List.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aOneTimeKeyPackageAddsItsDeviceOnceAndOnlyForTheUserWhoClaimedIt() {
        MlsDevice alicesLaptop = device("laptop");
        MlsDevice alicesTablet = MlsDevice.register(auth, alicesLaptop.user, "tablet");
        MlsDevice carol = device("phone");
        MlsDevice dave = device("desk");
        ds.uploadKeyPackages(dave, 2);
        Room first = createRoom(alicesLaptop);
        Room second = createRoom(alicesTablet);
        Room third = createRoom(carol);

        JsonNode daveKp = ds.claim(alicesLaptop, dave);
        List<String> keyPackage = List.of(daveKp.get("key_package").asText());
        List<String> ref = List.of(daveKp.get("ref").asText());
        MlsDevice.PendingCommit add = alicesLaptop.commitAdds(keyPackage);
        assertThat(ds.commit(alicesLaptop, first.id, "add", add, ref, List.of()).statusCode()).isEqualTo(200);

        // whoever saw the Add holds the KeyPackage: it must not add dave's device to any other group
        Snapshot secondBefore = snapshot(alicesTablet, second.id, dave);
        assertError(ds.commit(alicesTablet, second.id, "again", alicesTablet.commitAdds(keyPackage), ref, List.of()),
                409, "key_package_used");
        assertThat(snapshot(alicesTablet, second.id, dave)).isEqualTo(secondBefore);
        assertError(ds.commit(carol, third.id, "stolen", carol.commitAdds(keyPackage), ref, List.of()),
                400, "key_package_not_claimed");
        assertThat(HttpCalls.json(ds.get(carol, "conversations/" + third.id)).get("epoch").asLong()).isZero();
    }

    @Test
    void inADirectConversationAUserRemovesOnlyTheirOwnDevices() {
        MlsDevice alice = device("laptop");
        MlsDevice bobsPhone = device("phone");
        MlsDevice bobsTablet = MlsDevice.register(auth, bobsPhone.user, "tablet");
        ds.uploadKeyPackages(bobsPhone, 1);
        ds.uploadKeyPackages(bobsTablet, 1);
        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        HttpResponse<String> created = ds.createDm(alice, bobsPhone.user.id(), groupId, alice.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = HttpCalls.json(created).get("conversation_id").asText();
        JsonNode phoneKp = ds.claim(alice, bobsPhone);
        JsonNode tabletKp = ds.claim(alice, bobsTablet);
        MlsDevice.PendingCommit add = alice.commitAdds(List.of(phoneKp.get("key_package").asText(), tabletKp.get("key_package").asText()));
        assertThat(ds.commit(alice, id, "add", add, List.of(phoneKp.get("ref").asText(), tabletKp.get("ref").asText()),
                List.of()).statusCode()).isEqualTo(200);
        alice.applyOwn(add);
        joinFromLog(bobsPhone, id);
        joinFromLog(bobsTablet, id);

        Snapshot before = snapshot(alice, id, bobsTablet);
        assertError(ds.commit(alice, id, "r1", alice.commitRemoves(bobsTablet.leaf()), List.of(), List.of(bobsTablet)),
                403, "role_required");
        assertThat(snapshot(alice, id, bobsTablet)).isEqualTo(before);
        MlsDevice.PendingCommit own = bobsPhone.commitRemoves(bobsTablet.leaf());
        HttpResponse<String> removed = ds.commit(bobsPhone, id, "r2", own, List.of(), List.of(bobsTablet));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
    }

    @Test
    void pathlessRemovesPlainMembersPsksAndAddsOfAnotherSuiteAreRefusedByName() {
        MlsDevice alice = device("laptop");
        MlsDevice bob = device("phone");
        MlsDevice carol = device("tablet");
        Room room = roomWith(alice, bob);
        joinFromLog(bob, room.id);
        byte[] groupInfo = bytes(HttpCalls.json(ds.get(alice, "conversations/" + room.id + "/group-info")).get("group_info"));
        Snapshot before = snapshot(alice, room.id, carol);

        byte[] pathless = CraftedMls.commit(alice, alice.leaf(), groupInfo, CraftedMls.remove(bob.leaf()));
        assertError(ds.commit(alice, room.id, "p1", new MlsDevice.PendingCommit(null, pathless, null, groupInfo),
                List.of(), List.of(bob)), 400, "path_required");

        byte[] psk = CraftedMls.commit(bob, bob.leaf(), groupInfo, CraftedMls.externalPsk());
        assertError(ds.commit(bob, room.id, "p2", new MlsDevice.PendingCommit(null, psk, null, groupInfo),
                List.of(), List.of()), 403, "role_required");

        byte[] keyPackage = dev.parley.protocol.device.Base64Url.decode(carol.newKeyPackages(1).get(0)).toByteArray();
        byte[] otherSuite = java.util.Arrays.copyOfRange(keyPackage, 4, keyPackage.length);
        otherSuite[3] = 2;
        byte[] foreign = CraftedMls.commit(alice, alice.leaf(), groupInfo, CraftedMls.add(otherSuite));
        assertError(ds.commit(alice, room.id, "p3", new MlsDevice.PendingCommit(null, foreign, null, groupInfo),
                List.of(), List.of()), 400, "cipher_suite_unsupported");
        assertThat(snapshot(alice, room.id, carol)).isEqualTo(before);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    // ---- helpers ----

    /** What a rejection must leave as it was. */
    record Snapshot(long lastSeq, long epoch, int devices, long keyPackagesOfOther) {
    }

    static Snapshot snapshot(MlsDevice member, String conversationId, MlsDevice other) {
        JsonNode conversation = HttpCalls.json(ds.get(member, "conversations/" + conversationId));
        JsonNode members = HttpCalls.json(ds.get(member, "conversations/" + conversationId + "/members"));
        return new Snapshot(conversation.get("last_seq").asLong(), conversation.get("epoch").asLong(),
                members.get("devices").size(), ds.keyPackageCount(other));
    }

    static String ref(String keyPackageMessage) {
        byte[] message = dev.parley.protocol.device.Base64Url.decode(keyPackageMessage).toByteArray();
        return DeliveryService.b64(dev.parley.protocol.mls.MlsMessage.parse(message)
                .bodyAs(dev.parley.protocol.mls.keypackage.KeyPackage.class).ref().value().toByteArray());
    }

    /** A room created by {@code creator}: the bcmls group and the gateway's conversation. */
    record Room(String id, JsonNode created) {
    }

    static Room createRoom(MlsDevice creator) {
        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        byte[] groupInfo = creator.createGroup(groupId);
        HttpResponse<String> response = ds.createRoom(creator, "Room " + UUID.randomUUID(), groupId, groupInfo);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = HttpCalls.json(response);
        return new Room(created.get("conversation_id").asText(), created);
    }

    /** A room of {@code owner} with {@code others} added in its first commit (the others still have to join). */
    static Room roomWith(MlsDevice owner, MlsDevice... others) {
        Room room = createRoom(owner);
        List<String> keyPackages = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (MlsDevice other : others) {
            ds.uploadKeyPackages(other, 1);
            JsonNode claimed = ds.claim(owner, other);
            keyPackages.add(claimed.get("key_package").asText());
            refs.add(claimed.get("ref").asText());
        }
        MlsDevice.PendingCommit add = owner.commitAdds(keyPackages);
        HttpResponse<String> accepted = ds.commit(owner, room.id, "add", add, refs, List.of());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        owner.applyOwn(add);
        return room;
    }

    /** Fetches the device's log: its first entry must be its Welcome; joins, then handles the rest. */
    static long joinFromLog(MlsDevice device, String conversationId) {
        List<JsonNode> entries = ds.entries(device, conversationId, 0);
        assertThat(entries).isNotEmpty();
        assertThat(entries.get(0).get("kind").asText()).isEqualTo("welcome");
        device.join(bytes(entries.get(0).get("message")));
        long last = entries.get(0).get("seq").asLong();
        for (JsonNode entry : entries.subList(1, entries.size())) {
            assertThat(entry.get("kind").asText()).as("other devices' Welcomes are not visible").isNotEqualTo("welcome");
            if (entry.get("kind").asText().equals("commit")) {
                device.handleCommit(bytes(entry.get("message")));
            }
            last = entry.get("seq").asLong();
        }
        return last;
    }

    static void assertSameEpoch(MlsDevice first, MlsDevice... others) {
        for (MlsDevice other : others) {
            assertThat(other.epoch()).isEqualTo(first.epoch());
            assertThat(other.epochAuthenticator()).isEqualTo(first.epochAuthenticator());
        }
    }

    static MlsDevice device(String deviceId) {
        return MlsDevice.register(auth, auth.userWithIdentity(), deviceId);
    }
}
