package dev.parley.gateway.infrastructure.cluster;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.io.Serial;
import java.io.Serializable;
import org.wildfly.clustering.server.dispatcher.Command;

/**
 * "This device proved itself on node N at time T": what a node sends the others when a device connects to it, so that
 * the device keeps one live connection across the cluster. Marshalled by WildFly's command dispatcher.
 */
final class ConnectionAnnouncement implements Command<Void, ClusterReceiver, RuntimeException>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String userId;
    private final String deviceId;
    private final long atMillis;
    private final String node;

    ConnectionAnnouncement(DeviceAddress device, long atMillis, String node) {
        this.userId = device.userId();
        this.deviceId = device.deviceId();
        this.atMillis = atMillis;
        this.node = node;
    }

    @Override
    public Void execute(ClusterReceiver receiver) {
        receiver.deviceConnected(new DeviceAddress(userId, deviceId), atMillis, node);
        return null;
    }

    @Override
    public String toString() {
        return userId + "/" + deviceId + " connected on " + node;
    }
}
