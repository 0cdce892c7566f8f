package dev.parley.it;

import static dev.parley.it.DeliveryService.assertError;
import static dev.parley.it.DeliveryService.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One commit per epoch under contention: in each of 100 rounds, 16 real commits (bcmls, two member devices) for the
 * same epoch reach the gateway at once, together with application messages of both devices, so that commits and
 * group-committed batches of messages meet on the log writer. Exactly one commit is accepted, every other gets
 * {@code stale_epoch} with the new epoch, every message is accepted; both devices process the winner, and a loser's
 * rebuilt commit then succeeds. The log stays gap-free and the epoch authenticators agree.
 */
@ExtendWith(ParleyStack.class)
class CommitArbitrationIT {

    private static final int ROUNDS = 100;
    private static final int CONTENDERS = 16;
    private static final int MESSAGES = 4;

    @Test
    void exactlyOneCommitWinsEachEpochAndLosersSucceedOnRetry(ParleyStack.Running stack) throws Exception {
        AuthService auth = new AuthService(stack.keycloak());
        DeliveryService ds = new DeliveryService(stack);
        MlsDevice alice = MlsDevice.register(auth, auth.userWithIdentity(), "laptop");
        MlsDevice bob = MlsDevice.register(auth, auth.userWithIdentity(), "phone");
        ds.uploadKeyPackages(bob, 1);
        byte[] groupId = new byte[16];
        new SecureRandom().nextBytes(groupId);
        HttpResponse<String> created = ds.createRoom(alice, "contended", groupId, alice.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String room = HttpCalls.json(created).get("conversation_id").asText();
        JsonNode bobKp = ds.claim(alice, bob);
        MlsDevice.PendingCommit add = alice.commitAdds(List.of(bobKp.get("key_package").asText()));
        assertThat(ds.commit(alice, room, "add", add, List.of(bobKp.get("ref").asText()), List.of()).statusCode()).isEqualTo(200);
        alice.applyOwn(add);
        bob.join(bytes(ds.entries(bob, room, 0).get(0).get("message")));

        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS + MESSAGES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long epoch = alice.epoch();
                List<MlsDevice> committers = new ArrayList<>();
                List<MlsDevice.PendingCommit> commits = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    MlsDevice committer = i % 2 == 0 ? alice : bob;
                    committers.add(committer);
                    commits.add(committer.commitUpdate());
                }
                List<byte[]> messages = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    messages.add((i % 2 == 0 ? alice : bob).protect("round " + round + " message " + i));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> sends = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    MlsDevice sender = i % 2 == 0 ? alice : bob;
                    byte[] message = messages.get(i);
                    String msgId = "m" + round + "-" + i;
                    sends.add(pool.submit(() -> {
                        start.await();
                        return ds.sendMessage(sender, room, msgId, message);
                    }));
                }
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < CONTENDERS; i++) {
                    MlsDevice committer = committers.get(i);
                    MlsDevice.PendingCommit commit = commits.get(i);
                    String msgId = "r" + round + "-" + i;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return ds.commit(committer, room, msgId, commit, List.of(), List.of());
                    }));
                }
                start.countDown();
                int winner = -1;
                for (int i = 0; i < CONTENDERS; i++) {
                    HttpResponse<String> answer = answers.get(i).get();
                    if (answer.statusCode() == 200) {
                        assertThat(winner).as("round %d: a second winner", round).isEqualTo(-1);
                        winner = i;
                        assertThat(HttpCalls.json(answer).get("epoch").asLong()).isEqualTo(epoch + 1);
                    } else {
                        assertError(answer, 409, "stale_epoch");
                        assertThat(HttpCalls.json(answer).get("current_epoch").asLong()).isEqualTo(epoch + 1);
                    }
                }
                assertThat(winner).as("round %d: a winner", round).isNotEqualTo(-1);
                for (Future<HttpResponse<String>> send : sends) {
                    HttpResponse<String> sent = send.get();
                    assertThat(sent.statusCode()).as("round %d: %s", round, sent.body()).isEqualTo(200);
                }
                MlsDevice winnerDevice = committers.get(winner);
                MlsDevice loser = winnerDevice == alice ? bob : alice;
                winnerDevice.applyOwn(commits.get(winner));
                loser.handleCommit(commits.get(winner).commit());

                MlsDevice.PendingCommit retry = loser.commitUpdate();
                HttpResponse<String> retried = ds.commit(loser, room, "r" + round + "-retry", retry, List.of(), List.of());
                assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
                loser.applyOwn(retry);
                winnerDevice.handleCommit(retry.commit());
                assertThat(alice.epochAuthenticator()).isEqualTo(bob.epochAuthenticator());
                assertThat(alice.epoch()).isEqualTo(epoch + 2);
            }
        } finally {
            pool.shutdownNow();
        }

        java.util.TreeSet<Long> seqs = new java.util.TreeSet<>();
        long commits = 0;
        for (MlsDevice reader : List.of(alice, bob)) {
            for (JsonNode entry : ds.entries(reader, room, 0)) {
                seqs.add(entry.get("seq").asLong());
                commits += reader == alice && entry.get("kind").asText().equals("commit") ? 1 : 0;
            }
        }
        long lastSeq = HttpCalls.json(ds.get(alice, "conversations/" + room)).get("last_seq").asLong();
        assertThat(lastSeq).isEqualTo(2 + (2 + MESSAGES) * ROUNDS);
        assertThat(seqs).as("no gap in seq").hasSize((int) lastSeq).first().isEqualTo(1L);
        assertThat(seqs.last()).isEqualTo(lastSeq);
        assertThat(commits).isEqualTo(1 + 2 * ROUNDS);
        assertThat(HttpCalls.json(ds.get(alice, "conversations/" + room)).get("epoch").asLong()).isEqualTo(1 + 2 * ROUNDS);
    }
}
