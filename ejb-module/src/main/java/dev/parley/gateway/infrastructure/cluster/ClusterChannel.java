package dev.parley.gateway.infrastructure.cluster;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.util.List;

/** This node's membership of a cluster, as the gateway uses it; {@link WildFlyClusterChannel} is the real one. */
interface ClusterChannel extends AutoCloseable {

    /** Whether this node is the one that runs the once-per-cluster jobs (the view's coordinator). */
    boolean isCoordinator();

    /** Whether no other node is in the view (then nothing needs announcing). */
    boolean alone();

    /** The node names of the current view. */
    List<String> members();

    /** Tells every other node that the conversation has entries up to {@code head}; never blocks on them. */
    void announceHead(String conversationId, long head, List<DeviceAddress> newcomers);

    /** Tells every other node that the device proved itself here at {@code atMillis}; never blocks on them. */
    void announceConnection(DeviceAddress device, long atMillis, String node);

    @Override
    void close();
}
