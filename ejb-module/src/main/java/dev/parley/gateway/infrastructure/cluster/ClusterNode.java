package dev.parley.gateway.infrastructure.cluster;

import dev.parley.gateway.domain.model.conversation.EntriesAppended;
import dev.parley.gateway.domain.model.conversation.LogHeadAnnounced;
import dev.parley.gateway.domain.model.conversation.LogsMayHaveAdvanced;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceConnected;
import dev.parley.gateway.domain.model.device.DeviceConnectedElsewhere;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * This node in its cluster. Cross-node delivery: after a commit ({@link EntriesAppended}, once durable) it tells the
 * other nodes the conversation's new head and the devices that may have joined it; what they tell it becomes
 * {@link LogHeadAnnounced}, and a change of the cluster's membership {@link LogsMayHaveAdvanced} — the live delivery
 * then reads the entries from the shared log. One live connection per device: a device that connects here is announced,
 * and a device announced from another node is {@link DeviceConnectedElsewhere}. Once-per-cluster jobs ask {@link #isCoordinator()}.
 *
 * <p>Which cluster, if any, is WildFly's to say: the application references a command dispatcher factory
 * ({@link WildFlyClusterChannel#FACTORY}); a single node (the default) gets the local one, whose group is a singleton, and
 * never opens a JGroups channel; {@code config/wildfly/cluster.cli} makes it the default channel's. A node whose server
 * has no clustering at all logs why and stays single. A cluster member whose view holds only itself sends nothing.
 */
@ApplicationScoped
public class ClusterNode {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class);

    @Inject
    GatewayConfig config;

    @Resource
    ContextService contexts;

    @Inject
    Event<LogHeadAnnounced> heads;

    @Inject
    Event<LogsMayHaveAdvanced> resyncs;

    @Inject
    Event<DeviceConnectedElsewhere> connectionsElsewhere;

    /** {@code null}: a single node. */
    private volatile ClusterChannel channel;
    private boolean started;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 500) @Initialized(ApplicationScoped.class) Object event) {
        join();
    }

    synchronized void join() {
        if (started) {
            return;
        }
        started = true;
        try {
            ClusterReceiver receiver = contexts.createContextualProxy(new Receiver(), ClusterReceiver.class);
            channel = WildFlyClusterChannel.open(receiver);
            if (channel == null) {
                LOG.debug("Not a cluster member: a single node");
            } else {
                LOG.infof("Node %s joined the cluster: view %s", config.nodeName(), channel.members());
            }
        } catch (Exception | LinkageError e) {
            LOG.warnf(e, "WildFly's clustering is not available (%s); running as a single node", WildFlyClusterChannel.FACTORY);
        }
    }

    /** For tests: a node on the given channel. */
    void use(ClusterChannel channel) {
        this.channel = channel;
    }

    @PreDestroy
    synchronized void leave() {
        ClusterChannel current = channel;
        channel = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the cluster dispatcher failed", e);
            }
        }
    }

    /** Whether this node is a member of a cluster (it may still be alone in its view). */
    public boolean clustered() {
        return channel != null;
    }

    /**
     * Whether this node runs the once-per-cluster jobs now: a single node always, a cluster member when it is the
     * coordinator of the current view.
     */
    public boolean isCoordinator() {
        ClusterChannel current = channel;
        return current == null || current.isCoordinator();
    }

    /** After the commit of {@code event}'s entries: tells the other nodes (never fails the sender's request). */
    void announce(@Observes(during = TransactionPhase.AFTER_SUCCESS) EntriesAppended event) {
        ClusterChannel current = channel;
        if (current == null || event.entries().isEmpty()) {
            return;
        }
        try {
            if (!current.alone()) {
                current.announceHead(event.conversationId(), event.head(), List.copyOf(event.mayHaveJoined()));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not announce the head of %s to the cluster", event.conversationId());
        }
    }

    /** A device proved itself on this node: the other nodes close any connection of it they hold. */
    void announceConnection(@Observes DeviceConnected connected) {
        ClusterChannel current = channel;
        if (current == null) {
            return;
        }
        try {
            if (!current.alone()) {
                current.announceConnection(connected.device(), connected.at().toEpochMilli(), config.nodeName());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not announce the connection of %s to the cluster", connected.device());
        }
    }

    /** What the other nodes tell this one, turned into events of this application. */
    private final class Receiver implements ClusterReceiver {

        @Override
        public void headAdvanced(String conversationId, long head, List<DeviceAddress> newcomers) {
            try {
                heads.fire(new LogHeadAnnounced(conversationId, head, Set.copyOf(newcomers)));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Delivering the announced head %d of %s failed", head, conversationId);
            }
        }

        @Override
        public void deviceConnected(DeviceAddress device, long atMillis, String node) {
            try {
                connectionsElsewhere.fire(new DeviceConnectedElsewhere(device, Instant.ofEpochMilli(atMillis), node));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Applying the connection of %s on %s failed", device, node);
            }
        }

        @Override
        public void membershipChanged(List<String> members) {
            LOG.infof("Cluster view changed: %s", members);
            try {
                resyncs.fire(new LogsMayHaveAdvanced("cluster view " + members));
            } catch (RuntimeException e) {
                LOG.warn("Re-reading the logs after a view change failed", e);
            }
        }
    }
}
