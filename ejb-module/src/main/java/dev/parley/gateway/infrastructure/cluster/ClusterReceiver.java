package dev.parley.gateway.infrastructure.cluster;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.util.List;

/**
 * What this node does with what the other nodes tell it. Called on the cluster's threads, through a contextual proxy
 * (the application's class loader and naming context), never inside a transaction.
 */
public interface ClusterReceiver {

    /** Another node appended entries to the conversation up to {@code head}; {@code newcomers} may have joined it. */
    void headAdvanced(String conversationId, long head, List<DeviceAddress> newcomers);

    /** The device proved itself on node {@code node} at {@code atMillis} (epoch milliseconds). */
    void deviceConnected(DeviceAddress device, long atMillis, String node);

    /** The cluster's membership changed; {@code members} are the node names of the new view. */
    void membershipChanged(List<String> members);
}
