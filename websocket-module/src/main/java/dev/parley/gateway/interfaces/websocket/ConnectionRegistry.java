package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceConnected;
import dev.parley.gateway.domain.model.device.DeviceConnectedElsewhere;
import dev.parley.gateway.domain.model.device.DeviceDisconnected;
import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.ws.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSocket connections of this node. Invariants: at most one proven connection per device; a
 * newer one displaces the older, which is closed with {@link CloseCode#DISPLACED}; at most
 * {@code parley.realtime.max-connections-per-user} devices of one user are live, exactly: the check and the
 * registration are one step under the user's entry ({@link #proven}), and cost the user's connections, not the node's.
 * Tells the services when a device comes live ({@link DeviceConnected}) and when it has no live connection any more
 * ({@link DeviceDisconnected}).
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    /** A device's live connection and when it proved itself. */
    private record Live(DeliveryTarget target, Instant since) {
    }

    /** userId → deviceId → the device's live connection; a user's entry is changed only inside {@code compute}. */
    private final ConcurrentHashMap<String, Map<String, Live>> live = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    @Inject
    Event<DeviceConnected> connectedEvents;

    @Inject
    Event<DeviceDisconnected> disconnectedEvents;

    void opened(Connection connection) {
        open.put(connection.id(), connection);
    }

    /**
     * Refuses, early, a device of a user who already holds {@code parley.realtime.max-connections-per-user} live
     * connections of other devices (a device's own connection is displaced, not counted). {@link #proven} checks again,
     * atomically.
     *
     * @throws ParleyException {@code too_many_connections}
     */
    public void requireRoomFor(DeviceAddress device) {
        requireRoom(live.getOrDefault(device.userId(), Map.of()), device);
    }

    /**
     * Makes {@code connection} the device's live connection, closing the one it replaces, unless the user holds the
     * maximum of live connections of other devices; the check and the registration are one step.
     *
     * @throws ParleyException {@code too_many_connections}; then nothing changed
     */
    public void proven(DeliveryTarget connection) {
        DeviceAddress device = connection.device();
        Live now = new Live(connection, Instant.now());
        Live[] previous = new Live[1];
        live.compute(device.userId(), (user, devices) -> {
            Map<String, Live> next = devices == null ? new ConcurrentHashMap<>() : devices;
            requireRoom(next, device);
            previous[0] = next.put(device.deviceId(), now);
            return next;
        });
        if (previous[0] != null && previous[0].target() != connection) {
            previous[0].target().close(CloseCode.DISPLACED, "displaced by a newer connection of the same device");
        }
        connectedEvents.fire(new DeviceConnected(device, now.since()));
    }

    /**
     * The device proved itself on another node of the cluster: the connection it holds here, if older, is displaced
     * (one live connection per device across the cluster).
     */
    void onConnectedElsewhere(@Observes DeviceConnectedElsewhere elsewhere) {
        Live here = live.getOrDefault(elsewhere.device().userId(), Map.of()).get(elsewhere.device().deviceId());
        if (here != null && elsewhere.displaces(here.since(), config.nodeName())) {
            here.target().close(CloseCode.DISPLACED, "displaced by a newer connection of the same device on another node");
        }
    }

    private void requireRoom(Map<String, Live> devices, DeviceAddress device) {
        int others = devices.size() - (devices.containsKey(device.deviceId()) ? 1 : 0);
        if (others >= config.maxConnectionsPerUser()) {
            throw new ParleyException(ParleyError.TOO_MANY_CONNECTIONS, "At most " + config.maxConnectionsPerUser()
                    + " live connections per user; this user holds " + others + ".");
        }
    }

    void closed(Connection connection) {
        open.remove(connection.id());
        if (connection.proven()) {
            closed((DeliveryTarget) connection);
        }
    }

    /** A live connection of any door ended. */
    public void closed(DeliveryTarget connection) {
        DeviceAddress device = connection.device();
        boolean[] removed = new boolean[1];
        live.computeIfPresent(device.userId(), (user, devices) -> {
            Live current = devices.get(device.deviceId());
            removed[0] = current != null && current.target() == connection && devices.remove(device.deviceId(), current);
            return devices.isEmpty() ? null : devices;
        });
        if (removed[0]) {
            disconnectedEvents.fire(new DeviceDisconnected(device));
        }
    }

    /** Every open connection, proven or not (for heartbeats and time-outs). */
    Collection<Connection> all() {
        return List.copyOf(open.values());
    }

    /** Every device's live connection, of every door. */
    Collection<DeliveryTarget> live() {
        return live.values().stream().flatMap(devices -> devices.values().stream()).map(Live::target).toList();
    }

    Optional<DeliveryTarget> liveConnection(String userId, String deviceId) {
        return Optional.ofNullable(live.getOrDefault(userId, Map.of()).get(deviceId)).map(Live::target);
    }

    /** A revoked device loses its connection at once (idempotent: the event may repeat). */
    void onDeviceRevoked(@Observes DeviceRevoked revoked) {
        liveConnection(revoked.userId(), revoked.deviceId())
                .ifPresent(connection -> connection.close(CloseCode.DEVICE_REVOKED, "device revoked (" + revoked.reason() + ")"));
    }
}
