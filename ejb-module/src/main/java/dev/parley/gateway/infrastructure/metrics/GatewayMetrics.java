package dev.parley.gateway.infrastructure.metrics;

import dev.parley.gateway.domain.model.conversation.EntriesAppended;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.device.DeviceConnected;
import dev.parley.gateway.domain.model.device.DeviceDisconnected;
import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.protocol.error.ParleyError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's own meters, of this node, in the registry of WildFly's micrometer subsystem (Prometheus text at the
 * management interface's {@code /metrics}, names with a {@code parley_} prefix): live devices, log entries appended by
 * kind, messages per batch commit, commits refused by error code, revocations applied. Counts what the domain events
 * say, so the services stay unaware of it except where no event tells (batch sizes, refusals).
 */
@ApplicationScoped
public class GatewayMetrics {

    @Inject
    MeterRegistry registry;

    private final AtomicLong connectedDevices = new AtomicLong();
    private final Map<EntryKind, Counter> appended = new EnumMap<>(EntryKind.class);
    private final Map<ParleyError, Counter> refusals = new ConcurrentHashMap<>();
    private DistributionSummary batchSizes;
    private Counter revocationsApplied;

    public GatewayMetrics() {
    }

    /** For tests: meters in {@code registry}. */
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        register();
    }

    /*
     * Meters are made through the registry's own methods, never a builder's register(): WildFly hands a deployment a
     * registry that exports only what those methods create. They are made once; the hot path only increments.
     */
    @PostConstruct
    void register() {
        registry.gauge("parley.connected.devices", Tags.empty(), connectedDevices, AtomicLong::get);
        batchSizes = registry.summary("parley.log.batch.messages");
        revocationsApplied = registry.counter("parley.revocations.applied");
        for (EntryKind kind : EntryKind.values()) {
            appended.put(kind, registry.counter("parley.log.appended", "kind", kind.name().toLowerCase(Locale.ROOT)));
        }
    }

    /** Created at deployment, so that the meters are exported before the first event. */
    void start(@Observes Startup startup) {
        // the observer alone makes the container create the bean; @PostConstruct registered the meters
    }

    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) EntriesAppended entries) {
        for (SequencedEntry entry : entries.entries()) {
            appended.get(entry.kind()).increment();
        }
    }

    void onConnected(@Observes DeviceConnected connected) {
        connectedDevices.incrementAndGet();
    }

    void onDisconnected(@Observes DeviceDisconnected disconnected) {
        connectedDevices.decrementAndGet();
    }

    void onRevoked(@Observes DeviceRevoked revoked) {
        revocationsApplied.increment();
    }

    /** One batch commit of the log writer wrote {@code messages} application messages. */
    public void batchWritten(int messages) {
        batchSizes.record(messages);
    }

    /** A commit was refused with {@code error}. */
    public void commitRefused(ParleyError error) {
        refusals.computeIfAbsent(error, e -> registry.counter("parley.commits.refused", "code", e.code())).increment();
    }
}
