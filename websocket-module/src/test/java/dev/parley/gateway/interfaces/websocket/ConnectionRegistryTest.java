package dev.parley.gateway.interfaces.websocket;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.ws.CloseCode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** At most {@code parley.realtime.max-connections-per-user} devices of one user are live at once. */
class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry();

    ConnectionRegistryTest() {
        registry.config = new GatewayConfig() {
            @Override
            public int maxConnectionsPerUser() {
                return 2;
            }

            @Override
            public String nodeName() {
                return "node-a";
            }
        };
        registry.connectedEvents = new IgnoredEvent<>();
        registry.disconnectedEvents = new IgnoredEvent<>();
    }

    @Test
    void aUserPastTheCapIsRefusedButADeviceAlreadyLiveMayReconnect() {
        registry.proven(new Live(new DeviceAddress("alice", "laptop")));
        registry.proven(new Live(new DeviceAddress("alice", "phone")));

        assertThatThrownBy(() -> registry.requireRoomFor(new DeviceAddress("alice", "tablet")))
                .isInstanceOfSatisfying(ParleyException.class, e -> org.assertj.core.api.Assertions.assertThat(e.error())
                        .isEqualTo(ParleyError.TOO_MANY_CONNECTIONS));
        assertThatCode(() -> registry.requireRoomFor(new DeviceAddress("alice", "phone"))).doesNotThrowAnyException();
        assertThatCode(() -> registry.requireRoomFor(new DeviceAddress("bob", "laptop"))).doesNotThrowAnyException();
    }

    @Test
    void connectsRacingForTheLastPlacesNeverExceedTheCap() throws Exception {
        int devices = 64;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (int i = 0; i < devices; i++) {
            DeviceAddress device = new DeviceAddress("carol", "device-" + i);
            threads.submit(() -> {
                start.await();
                try {
                    registry.requireRoomFor(device);
                    registry.proven(new Live(device));
                } catch (ParleyException tooMany) {
                    refused.incrementAndGet();
                }
                return null;
            });
        }
        start.countDown();
        threads.shutdown();
        org.assertj.core.api.Assertions.assertThat(threads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        org.assertj.core.api.Assertions.assertThat(registry.live()).hasSize(2);
        org.assertj.core.api.Assertions.assertThat(refused).hasValue(devices - 2);
    }

    @Test
    void aClosedConnectionFreesItsPlace() {
        Live laptop = new Live(new DeviceAddress("alice", "laptop"));
        registry.proven(laptop);
        registry.proven(new Live(new DeviceAddress("alice", "phone")));
        registry.closed(laptop);

        assertThatCode(() -> registry.proven(new Live(new DeviceAddress("alice", "tablet")))).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(registry.liveConnection("alice", "laptop")).isEmpty();
    }

    @Test
    void aConnectionOfTheDeviceOnAnotherNodeDisplacesAnOlderOneHereButNotANewerOne() {
        Live laptop = new Live(new DeviceAddress("alice", "laptop"));
        registry.proven(laptop);

        registry.onConnectedElsewhere(new dev.parley.gateway.domain.model.device.DeviceConnectedElsewhere(
                laptop.device(), Instant.now().minusSeconds(60), "node-b"));
        org.assertj.core.api.Assertions.assertThat(laptop.closedWith).isEmpty();

        registry.onConnectedElsewhere(new dev.parley.gateway.domain.model.device.DeviceConnectedElsewhere(
                laptop.device(), Instant.now().plusSeconds(1), "node-b"));
        org.assertj.core.api.Assertions.assertThat(laptop.closedWith).containsExactly(CloseCode.DISPLACED);
    }

    private record Live(DeviceAddress device, java.util.List<CloseCode> closedWith) implements DeliveryTarget {
        Live(DeviceAddress device) {
            this(device, new java.util.concurrent.CopyOnWriteArrayList<>());
        }

        @Override public Instant tokenExpiresAt() { return Instant.MAX; }
        @Override public boolean send(Object frame) { return true; }
        @Override public int queuedFrames() { return 0; }
        @Override public int capacity() { return 1; }
        @Override public void whenDrained(Runnable action) { action.run(); }
        @Override public boolean isOpen() { return true; }
        @Override public void close(CloseCode code, String reason) { closedWith.add(code); }
        @Override public void abandon(String reason) { }
    }
}
