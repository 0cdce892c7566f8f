package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.WildFlyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two gateway nodes of one cluster ({@code cluster.cli}: JGroups over TCP on loopback, discovery through the shared
 * PostgreSQL database), with real Keycloak tokens and real MLS groups: what is committed through one node reaches the
 * devices connected to the other, in seq order, each entry once. Runs in the PostgreSQL run only (a cluster shares one
 * PostgreSQL database); the stack's main gateway is on the same database but not in the cluster.
 */
@EnabledIfSystemProperty(named = "parley.it.db", matches = "postgresql")
@ExtendWith(ParleyStack.class)
class ClusterDeliveryIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LONG = Duration.ofMinutes(3);

    private static WildFlyServer nodeA;
    private static WildFlyServer nodeB;
    private static AuthService auth;
    private static DeliveryService ds;

    @BeforeAll
    static void startTwoNodes(ParleyStack.Running stack) throws Exception {
        nodeA = stack.clusterNode("cluster-a");
        nodeB = stack.clusterNode("cluster-b");
        nodeA.start();
        nodeA.awaitReady(Duration.ofMinutes(4), () -> { });
        nodeB.start();
        nodeB.awaitReady(Duration.ofMinutes(4), () -> { });
        awaitView(nodeA, "cluster-b");
        awaitView(nodeB, "cluster-a");
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(nodeA.gatewayUri(), stack);
    }

    @AfterAll
    static void stopNodes() {
        for (WildFlyServer node : Arrays.asList(nodeB, nodeA)) {
            if (node != null) {
                node.stop();
            }
        }
    }

    /** One live connection per device across the cluster: connecting on node B displaces the connection on node A. */
    @Test
    void aDeviceConnectingOnNodeBDisplacesItsConnectionOnNodeA() {
        AuthService.User user = auth.userWithIdentity();
        java.security.KeyPair device = auth.registerDevice(user, "laptop");
        GatewaySocketClient onA = GatewaySocketClient.connected(nodeA.gatewayUri(), user.token(), user.id(), "laptop",
                device.getPrivate());
        GatewaySocketClient onB = GatewaySocketClient.connected(nodeB.gatewayUri(), user.token(), user.id(), "laptop",
                device.getPrivate());

        assertThat(onA.awaitClose(Duration.ofSeconds(10))).isEqualTo(4409);
        assertThat(onB.request(Map.of("type", "ping", "id", "still-here")).get("type").asText()).isEqualTo("pong");
        onB.close();
    }

    /**
     * bob's connection is on node B when alice, on node A, welcomes him (the Welcome reaches him through the
     * announcement naming him) and then sends: every message reaches him once, in order. Measures the delivery latency
     * from alice's send to bob's receipt (cross-node) against alice's own echo (same node); logged, not asserted.
     */
    @Test
    void aMessageSentThroughNodeAReachesADeviceConnectedToNodeB() {
        MailboxIT.Pair pair = MailboxIT.pair(nodeA.gatewayUri(), nodeB.gatewayUri(), auth, ds);
        MailboxClient alice = pair.aliceClient();
        MailboxClient bob = pair.bobClient();

        int rounds = 200;
        List<Long> crossNode = new ArrayList<>();
        List<Long> sameNode = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String msgId = "x-" + i;
            byte[] message = pair.alice().protect("across " + i);
            boolean measureCrossNode = i % 2 == 0;
            long start = System.nanoTime();
            alice.send(pair.roomId(), msgId, message);
            MailboxClient first = measureCrossNode ? bob : alice;
            MailboxClient second = measureCrossNode ? alice : bob;
            awaitMessage(first, msgId);
            (measureCrossNode ? crossNode : sameNode).add(System.nanoTime() - start);
            awaitMessage(second, msgId);
            alice.readUntil(alice.messages.size(), i + 1, Duration.ofSeconds(30));
        }

        List<JsonNode> received = bob.messagesOf(pair.roomId()).stream()
                .filter(m -> m.get("kind").asText().equals("application")).toList();
        assertThat(received).extracting(m -> m.get("msg_id").asText())
                .as("every message once, in the order sent").containsExactlyElementsOf(
                        MailboxIT.range(0, rounds - 1).stream().map(i -> "x-" + i).toList());
        assertThat(received).extracting(m -> m.get("seq").asLong()).containsExactlyElementsOf(MailboxIT.range(3, rounds + 2));
        JsonNode last = received.get(received.size() - 1);
        assertThat(pair.bob().unprotect(DeliveryService.bytes(last.get("message")))).isEqualTo("across " + (rounds - 1));
        System.out.printf("ClusterDeliveryIT: delivery latency, send to receipt, %d messages each: cross-node (A to B) %s;"
                + " same node (A to A) %s%n", rounds / 2, summary(crossNode), summary(sameNode));
        alice.close();
        bob.close();
    }

    /**
     * A room of four devices, two connected to each node, everyone sending at once through their own node: every device
     * gets every message, each once, in seq order, and all see the same sequence.
     */
    @Test
    void aRoomSpreadOverBothNodesGetsEveryMessageInSeqOrderOnEveryDevice() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        MlsDevice alice = MlsDevice.register(auth, auth.userWithIdentity(), "a-" + tag);
        MlsDevice bob = MlsDevice.register(auth, auth.userWithIdentity(), "b-" + tag);
        MlsDevice carol = MlsDevice.register(auth, auth.userWithIdentity(), "c-" + tag);
        MlsDevice dave = MlsDevice.register(auth, auth.userWithIdentity(), "d-" + tag);
        List<MlsDevice> newcomers = List.of(bob, carol, dave);
        newcomers.forEach(device -> ds.uploadKeyPackages(device, 1));
        URI a = nodeA.gatewayUri();
        URI b = nodeB.gatewayUri();
        MailboxClient aliceClient = MailboxClient.connect(a, ds, alice);
        MailboxClient bobClient = MailboxClient.connect(b, ds, bob);
        MailboxClient carolClient = MailboxClient.connect(a, ds, carol);
        MailboxClient daveClient = MailboxClient.connect(b, ds, dave);
        List<MailboxClient> clients = List.of(aliceClient, bobClient, carolClient, daveClient);
        clients.forEach(client -> assertThat(client.awaitCaughtUp(Duration.ofSeconds(30))).isEmpty());

        byte[] groupId = new byte[16];
        RANDOM.nextBytes(groupId);
        HttpResponse<String> created = ds.createRoom(alice, "Cluster room " + tag, groupId, alice.createGroup(groupId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String roomId = HttpCalls.json(created).get("conversation_id").asText();
        List<String> keyPackages = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (MlsDevice newcomer : newcomers) {
            JsonNode claimed = ds.claim(alice, newcomer);
            keyPackages.add(claimed.get("key_package").asText());
            refs.add(claimed.get("ref").asText());
        }
        MlsDevice.PendingCommit add = alice.commitAdds(keyPackages);
        JsonNode committed = aliceClient.request(Map.of("type", "commit", "conversation_id", roomId, "msg_id", "add-all",
                "commit", DeliveryService.b64(add.commit()), "welcome", DeliveryService.b64(add.welcome()),
                "group_info", DeliveryService.b64(add.groupInfo()), "adds", refs));
        assertThat(committed.get("type").asText()).as(committed.toString()).isEqualTo("committed");
        alice.applyOwn(add);
        aliceClient.readUntil(1, 0, LONG);
        for (MailboxClient client : List.of(bobClient, carolClient, daveClient)) {
            client.readUntil(1, 0, LONG);
            JsonNode welcome = client.messages.get(0);
            assertThat(welcome.get("kind").asText()).as("the Welcome reaches %s", client.device.deviceId).isEqualTo("welcome");
            client.device.join(DeliveryService.bytes(welcome.get("message")));
        }
        ConversationsIT.assertSameEpoch(alice, bob, carol, dave);

        int each = 150;
        int expected = 1 + clients.size() * each;
        CompletableFuture.allOf(clients.stream()
                .map(client -> CompletableFuture.runAsync(() -> MailboxIT.exchange(client, roomId, each, expected)))
                .toArray(CompletableFuture[]::new)).join();

        List<String> reference = null;
        for (MailboxClient client : clients) {
            List<String> applications = client.messagesOf(roomId).stream()
                    .filter(m -> m.get("kind").asText().equals("application"))
                    .map(m -> m.get("seq").asLong() + ":" + m.get("msg_id").asText()).toList();
            assertThat(applications).as("%s gets every message", client.device.deviceId).hasSize(clients.size() * each);
            assertThat(new HashSet<>(applications)).as("each once").hasSize(applications.size());
            if (reference == null) {
                reference = applications;
            } else {
                assertThat(applications).as("%s sees the same sequence", client.device.deviceId).containsExactlyElementsOf(reference);
            }
        }
        assertThat(reference).extracting(entry -> Long.parseLong(entry.substring(0, entry.indexOf(':'))))
                .as("gap-free after the commit and the three Welcomes")
                .containsExactlyElementsOf(MailboxIT.range(5, 4L + clients.size() * each));
        clients.forEach(MailboxClient::close);
    }

    private static void awaitMessage(MailboxClient client, String msgId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.messages.stream().noneMatch(m -> msgId.equals(m.path("msg_id").asText()))) {
            client.read(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** Waits until the node's log shows a cluster view that includes {@code other}. */
    private static void awaitView(WildFlyServer node, String other) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(node.serverLog()) && Files.readAllLines(node.serverLog(), StandardCharsets.UTF_8).stream()
                    .anyMatch(line -> (line.contains("joined the cluster: view") || line.contains("Cluster view changed"))
                            && line.contains(other))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(node.serverLog() + " shows no cluster view with " + other);
    }

    private static String summary(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
