package dev.parley.gateway.domain.model.device;

import java.time.Instant;

/**
 * CDI event, fired by the cluster: the device proved itself on another node, {@code node}, at {@code at}. One live
 * connection per device holds across the cluster: of two connections of one device, the later one stays (by
 * {@code at}, then by node name), the other is displaced.
 */
public record DeviceConnectedElsewhere(DeviceAddress device, Instant at, String node) {

    /** Whether a connection of this node, {@code localNode}, proven at {@code localAt}, gives way to this one. */
    public boolean displaces(Instant localAt, String localNode) {
        int byTime = localAt.compareTo(at);
        return byTime < 0 || byTime == 0 && localNode.compareTo(node) < 0;
    }
}
