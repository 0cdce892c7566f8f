package dev.parley.gateway.infrastructure.cluster;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.jboss.logging.Logger;
import org.wildfly.clustering.server.Group;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.GroupMembershipListener;
import org.wildfly.clustering.server.Registration;
import org.wildfly.clustering.server.dispatcher.Command;
import org.wildfly.clustering.server.dispatcher.CommandDispatcher;
import org.wildfly.clustering.server.dispatcher.CommandDispatcherFactory;

/**
 * The cluster through WildFly's clustering API (module {@code org.wildfly.clustering.server.api}): the command dispatcher
 * factory the application references as {@value #FACTORY} (the default JGroups channel's on a cluster member, see
 * {@code config/wildfly/cluster.cli}; the local one otherwise), its group, one command dispatcher for the gateway. The
 * only class besides the command that names WildFly's clustering types.
 */
final class WildFlyClusterChannel implements ClusterChannel {

    private static final Logger LOG = Logger.getLogger(WildFlyClusterChannel.class);

    /**
     * The application's reference to a command dispatcher factory ({@code WEB-INF/jboss-web.xml} of the WAR: system
     * property {@code parley.cluster.command-dispatcher-factory}, else {@code java:jboss/clustering/server/command-dispatcher-factory/local}).
     */
    static final String FACTORY = "java:app/parley/cluster/command-dispatcher-factory";
    /** The dispatcher's id, the same on every node. */
    static final String DISPATCHER_ID = "parley-delivery";

    private final Group<GroupMember> group;
    private final CommandDispatcher<GroupMember, ClusterReceiver> dispatcher;
    private final Registration listening;

    private WildFlyClusterChannel(Group<GroupMember> group, CommandDispatcher<GroupMember, ClusterReceiver> dispatcher,
            Registration listening) {
        this.group = group;
        this.dispatcher = dispatcher;
        this.listening = listening;
    }

    /**
     * Looks the factory up and, if its group is a cluster's (not a single node's), starts receiving; otherwise returns
     * {@code null}: a single node.
     */
    @SuppressWarnings("unchecked")
    static WildFlyClusterChannel open(ClusterReceiver receiver) throws NamingException {
        Object found = new InitialContext().lookup(FACTORY);
        if (!(found instanceof CommandDispatcherFactory<?>)) {
            LOG.warnf("%s is not a command dispatcher factory but %s: a single node", FACTORY, found);
            return null;
        }
        CommandDispatcherFactory<GroupMember> factory = (CommandDispatcherFactory<GroupMember>) found;
        Group<GroupMember> group = factory.getGroup();
        if (group.isSingleton()) {
            return null;
        }
        CommandDispatcher<GroupMember, ClusterReceiver> dispatcher = factory.createCommandDispatcher(DISPATCHER_ID, receiver,
                WildFlyClusterChannel.class.getClassLoader());
        GroupMembershipListener<GroupMember> listener = event -> receiver.membershipChanged(
                event.getCurrentMembership().getMembers().stream().map(GroupMember::getName).toList());
        Registration listening = group.register(listener);
        return new WildFlyClusterChannel(group, dispatcher, listening);
    }

    @Override
    public boolean isCoordinator() {
        return Coordinator.isLocal(group);
    }

    @Override
    public boolean alone() {
        return group.isSingleton() || group.getMembership().getMembers().size() <= 1;
    }

    @Override
    public List<String> members() {
        return group.getMembership().getMembers().stream().map(GroupMember::getName).toList();
    }

    @Override
    public void announceHead(String conversationId, long head, List<DeviceAddress> newcomers) {
        // A lost announcement only delays: the log is the record, and the next announcement or view change catches up.
        dispatch(new HeadAnnouncement(conversationId, head, newcomers));
    }

    @Override
    public void announceConnection(DeviceAddress device, long atMillis, String node) {
        dispatch(new ConnectionAnnouncement(device, atMillis, node));
    }

    private void dispatch(Command<Void, ClusterReceiver, RuntimeException> command) {
        try {
            Map<GroupMember, CompletionStage<Void>> sent = dispatcher.dispatchToGroup(command, Set.of(group.getLocalMember()));
            sent.forEach((member, stage) -> stage.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.debugf(failure, "Sending %s to %s failed", command, member.getName());
                }
            }));
        } catch (IOException e) {
            LOG.warnf(e, "Could not send %s", command);
        }
    }

    @Override
    public void close() {
        listening.close();
        dispatcher.close();
    }
}
