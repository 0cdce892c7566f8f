package dev.parley.gateway.infrastructure.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.conversation.EntriesAppended;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceConnected;
import dev.parley.gateway.domain.model.device.DeviceConnectedElsewhere;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ClusterNode} on a fake channel: what it announces after a commit, and when it runs the cluster's jobs. */
class ClusterNodeTest {

    private static final class FakeChannel implements ClusterChannel {
        boolean coordinator;
        boolean alone;
        final List<String> announced = new ArrayList<>();

        @Override public boolean isCoordinator() { return coordinator; }
        @Override public boolean alone() { return alone; }
        @Override public List<String> members() { return List.of(); }
        @Override public void close() { }

        @Override
        public void announceHead(String conversationId, long head, List<DeviceAddress> newcomers) {
            announced.add(conversationId + "@" + head + " " + newcomers);
        }

        @Override
        public void announceConnection(DeviceAddress device, long atMillis, String node) {
            announced.add(device.userId() + "/" + device.deviceId() + " on " + node + " at " + atMillis);
        }
    }

    private static EntriesAppended commitWelcomingCarol() {
        return new EntriesAppended("room", List.of(
                new SequencedEntry("room", 7, EntryKind.COMMIT, "add", 1, "alice", "laptop", null, null, new byte[] {1}),
                new SequencedEntry("room", 8, EntryKind.WELCOME, null, 2, "alice", "laptop", "carol", "tablet", new byte[] {2})));
    }

    @Test
    void aSingleNodeAnnouncesNothingAndRunsTheJobs() {
        ClusterNode node = new ClusterNode();
        node.announce(commitWelcomingCarol());
        assertThat(node.clustered()).isFalse();
        assertThat(node.isCoordinator()).isTrue();
    }

    @Test
    void aMemberAnnouncesTheHeadAndWhoMayHaveJoinedWithoutMessageBytes() {
        ClusterNode node = new ClusterNode();
        FakeChannel channel = new FakeChannel();
        node.use(channel);
        node.announce(commitWelcomingCarol());
        assertThat(channel.announced).containsExactly(
                "room@8 [DeviceAddress[userId=alice, deviceId=laptop], DeviceAddress[userId=carol, deviceId=tablet]]");
    }

    @Test
    void aMemberAloneInItsViewAnnouncesNothing() {
        ClusterNode node = new ClusterNode();
        FakeChannel channel = new FakeChannel();
        channel.alone = true;
        node.use(channel);
        node.announce(commitWelcomingCarol());
        assertThat(channel.announced).isEmpty();
    }

    @Test
    void onlyTheCoordinatorRunsTheJobs() {
        ClusterNode node = new ClusterNode();
        FakeChannel channel = new FakeChannel();
        node.use(channel);
        assertThat(node.isCoordinator()).isFalse();
        channel.coordinator = true;
        assertThat(node.isCoordinator()).isTrue();
    }

    @Test
    void aMemberAnnouncesEveryConnectionOfADeviceToTheOthers() {
        ClusterNode node = new ClusterNode();
        node.config = new dev.parley.gateway.infrastructure.config.GatewayConfig() {
            @Override
            public String nodeName() {
                return "node-a";
            }
        };
        FakeChannel channel = new FakeChannel();
        node.use(channel);
        node.announceConnection(new DeviceConnected(new DeviceAddress("alice", "laptop"), Instant.ofEpochMilli(1234)));
        assertThat(channel.announced).containsExactly("alice/laptop on node-a at 1234");
    }

    @Test
    void ofTwoConnectionsOfOneDeviceTheLaterStaysAndATieGoesByNodeName() {
        DeviceConnectedElsewhere remote = new DeviceConnectedElsewhere(new DeviceAddress("alice", "laptop"),
                Instant.ofEpochMilli(2000), "node-b");
        assertThat(remote.displaces(Instant.ofEpochMilli(1999), "node-a")).isTrue();
        assertThat(remote.displaces(Instant.ofEpochMilli(2001), "node-a")).isFalse();
        assertThat(remote.displaces(Instant.ofEpochMilli(2000), "node-a")).isTrue();
        assertThat(remote.displaces(Instant.ofEpochMilli(2000), "node-c")).isFalse();
    }

    @Test
    void theAnnouncementCarriesIdsAndTheHeadOnly() {
        HeadAnnouncement announcement = new HeadAnnouncement("room", 8, List.of(new DeviceAddress("carol", "tablet")));
        List<String> received = new ArrayList<>();
        announcement.execute(new ClusterReceiver() {
            @Override
            public void headAdvanced(String conversationId, long head, List<DeviceAddress> newcomers) {
                received.add(conversationId + "@" + head + " " + newcomers);
            }

            @Override
            public void deviceConnected(DeviceAddress device, long atMillis, String node) {
            }

            @Override
            public void membershipChanged(List<String> members) {
            }
        });
        assertThat(received).containsExactly("room@8 [DeviceAddress[userId=carol, deviceId=tablet]]");
        assertThat(java.util.Arrays.stream(HeadAnnouncement.class.getDeclaredFields()).map(f -> f.getType().getSimpleName()))
                .doesNotContain("byte[]");
    }
}
