package dev.parley.gateway.infrastructure.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wildfly.clustering.server.Group;
import org.wildfly.clustering.server.GroupMember;
import org.wildfly.clustering.server.GroupMembership;
import org.wildfly.clustering.server.GroupMembershipListener;
import org.wildfly.clustering.server.Registration;

/** Which node runs the once-per-cluster jobs, decided on a fake group as WildFly's would report it. */
class CoordinatorTest {

    private record Member(String getName) implements GroupMember {
    }

    private record View(Member getCoordinator, List<Member> getMembers) implements GroupMembership<Member> {
    }

    private record FakeGroup(Member getLocalMember, View getMembership, boolean isSingleton) implements Group<Member> {
        @Override
        public String getName() {
            return "ee";
        }

        @Override
        public Registration register(GroupMembershipListener<Member> listener) {
            return Registration.EMPTY;
        }
    }

    private static final Member A = new Member("parley-1");
    private static final Member B = new Member("parley-2");

    @Test
    void aSingleNodeRunsTheJobs() {
        assertThat(Coordinator.isLocal(new FakeGroup(A, new View(A, List.of(A)), true))).isTrue();
    }

    @Test
    void onlyTheCoordinatorOfAViewRunsThem() {
        View view = new View(A, List.of(A, B));
        assertThat(Coordinator.isLocal(new FakeGroup(A, view, false))).isTrue();
        assertThat(Coordinator.isLocal(new FakeGroup(B, view, false))).isFalse();
    }

    @Test
    void theSurvivorTakesOverWhenTheCoordinatorLeaves() {
        assertThat(Coordinator.isLocal(new FakeGroup(B, new View(A, List.of(A, B)), false))).isFalse();
        assertThat(Coordinator.isLocal(new FakeGroup(B, new View(B, List.of(B)), false))).isTrue();
    }

    @Test
    void aMemberWithoutAViewYetRunsThem() {
        assertThat(Coordinator.isLocal(new FakeGroup(B, new View(null, List.of()), false))).isTrue();
        assertThat(Coordinator.isLocal(new FakeGroup(B, null, false))).isTrue();
    }
}
