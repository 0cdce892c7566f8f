package dev.parley.gateway.infrastructure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.conversation.EntriesAppended;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceConnected;
import dev.parley.gateway.domain.model.device.DeviceDisconnected;
import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.protocol.error.ParleyError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's meters count what the domain events and the two hooks tell. */
class GatewayMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    @Test
    void liveDevicesAppendedEntriesBatchesRefusalsAndRevocations() {
        DeviceAddress laptop = new DeviceAddress("alice", "laptop");
        metrics.onConnected(new DeviceConnected(laptop));
        metrics.onConnected(new DeviceConnected(new DeviceAddress("bob", "phone")));
        metrics.onDisconnected(new DeviceDisconnected(laptop));
        metrics.onAppended(new EntriesAppended("c1", List.of(entry(1, EntryKind.COMMIT), entry(2, EntryKind.WELCOME),
                entry(3, EntryKind.APPLICATION), entry(4, EntryKind.APPLICATION))));
        metrics.batchWritten(2);
        metrics.batchWritten(6);
        metrics.commitRefused(ParleyError.STALE_EPOCH);
        metrics.commitRefused(ParleyError.STALE_EPOCH);
        metrics.onRevoked(new DeviceRevoked("alice", "laptop", "revoked", 1));

        assertThat(registry.get("parley.connected.devices").gauge().value()).isEqualTo(1);
        assertThat(registry.get("parley.log.appended").tag("kind", "application").counter().count()).isEqualTo(2);
        assertThat(registry.get("parley.log.appended").tag("kind", "commit").counter().count()).isEqualTo(1);
        assertThat(registry.get("parley.log.batch.messages").summary().mean()).isEqualTo(4);
        assertThat(registry.get("parley.commits.refused").tag("code", "stale_epoch").counter().count()).isEqualTo(2);
        assertThat(registry.get("parley.revocations.applied").counter().count()).isEqualTo(1);
    }

    private static SequencedEntry entry(long seq, EntryKind kind) {
        return new SequencedEntry("c1", seq, kind, null, 0, "alice", "laptop", null, null, new byte[0]);
    }
}
