package dev.parley.gateway.infrastructure.cluster;

import org.wildfly.clustering.server.Group;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.GroupMembership;

/**
 * Which node runs the once-per-cluster jobs: the coordinator of the JGroups view (its oldest member), as WildFly's
 * {@link Group} reports it. There is no election of our own: every node reads the same view, so exactly one node of a
 * view is its coordinator; around a view change two nodes may both run a tick, which the jobs tolerate (idempotent).
 */
final class Coordinator {

    private Coordinator() {
    }

    /** Whether the local member coordinates {@code group}; a single node (or a group without a view yet) does. */
    static <M extends GroupMember> boolean isLocal(Group<M> group) {
        if (group.isSingleton()) {
            return true;
        }
        GroupMembership<M> membership = group.getMembership();
        M coordinator = membership == null ? null : membership.getCoordinator();
        return coordinator == null || coordinator.equals(group.getLocalMember());
    }
}
