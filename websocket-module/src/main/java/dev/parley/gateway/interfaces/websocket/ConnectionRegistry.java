package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceConnected;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSocket connections of this node. Invariant: at most one proven connection per device; a
 * newer one displaces the older, which is closed with {@link CloseCode#DISPLACED}; at most
 * {@code parley.realtime.max-connections-per-user} devices of one user are live ({@link #requireRoomFor}). Tells the services when a
 * device comes live ({@link DeviceConnected}) and when it has no live connection any more
 * ({@link DeviceDisconnected}).
 */
@ApplicationScoped
public class ConnectionRegistry {

    private record DeviceKey(String userId, String deviceId) {
    }

    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Map<DeviceKey, DeliveryTarget> live = new ConcurrentHashMap<>();

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
     * Refuses a device of a user who already holds {@code parley.realtime.max-connections-per-user} live connections
     * of other devices (a device's own connection is displaced, not counted). Checked before the proof is accepted;
     * connects racing each other may pass it together, so the cap may be exceeded by those few.
     *
     * @throws ParleyException {@code too_many_connections}
     */
    public void requireRoomFor(DeviceAddress device) {
        long others = live.keySet().stream()
                .filter(key -> key.userId().equals(device.userId()) && !key.deviceId().equals(device.deviceId()))
                .count();
        if (others >= config.maxConnectionsPerUser()) {
            throw new ParleyException(ParleyError.TOO_MANY_CONNECTIONS, "At most " + config.maxConnectionsPerUser()
                    + " live connections per user; this user holds " + others + ".");
        }
    }

    /** Makes {@code connection} the device's live connection, closing the one it replaces. */
    public void proven(DeliveryTarget connection) {
        DeliveryTarget previous = live.put(new DeviceKey(connection.device().userId(), connection.device().deviceId()), connection);
        if (previous != null && previous != connection) {
            previous.close(CloseCode.DISPLACED, "displaced by a newer connection of the same device");
        }
        connectedEvents.fire(new DeviceConnected(connection.device()));
    }

    void closed(Connection connection) {
        open.remove(connection.id());
        if (connection.proven()) {
            closed((DeliveryTarget) connection);
        }
    }

    /** A live connection of any door ended. */
    public void closed(DeliveryTarget connection) {
        if (live.remove(new DeviceKey(connection.device().userId(), connection.device().deviceId()), connection)) {
            disconnectedEvents.fire(new DeviceDisconnected(connection.device()));
        }
    }

    /** Every open connection, proven or not (for heartbeats and time-outs). */
    Collection<Connection> all() {
        return List.copyOf(open.values());
    }

    /** Every device's live connection, of every door. */
    Collection<DeliveryTarget> live() {
        return List.copyOf(live.values());
    }

    Optional<DeliveryTarget> liveConnection(String userId, String deviceId) {
        return Optional.ofNullable(live.get(new DeviceKey(userId, deviceId)));
    }

    /** A revoked device loses its connection at once (idempotent: the event may repeat). */
    void onDeviceRevoked(@Observes DeviceRevoked revoked) {
        liveConnection(revoked.userId(), revoked.deviceId())
                .ifPresent(connection -> connection.close(CloseCode.DEVICE_REVOKED, "device revoked (" + revoked.reason() + ")"));
    }
}
