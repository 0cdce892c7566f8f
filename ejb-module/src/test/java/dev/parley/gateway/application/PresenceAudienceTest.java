package dev.parley.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.contact.RelationKind;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.config.PresenceVisibility;
import dev.parley.gateway.infrastructure.persistence.UserRelationStore;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresenceAudienceTest {

    /** Relations in memory: (from, to, kind). */
    private static final class Relations extends UserRelationStore {

        private final Set<List<Object>> relations = new HashSet<>();

        Relations with(String from, String to, RelationKind kind) {
            relations.add(List.of(from, to, kind));
            return this;
        }

        @Override
        public Set<String> relatedTo(String from, RelationKind kind, Collection<String> others) {
            Set<String> found = new HashSet<>();
            others.forEach(other -> {
                if (relations.contains(List.of(from, other, kind))) {
                    found.add(other);
                }
            });
            return found;
        }

        @Override
        public Set<String> relatedFrom(String to, RelationKind kind, Collection<String> others) {
            Set<String> found = new HashSet<>();
            others.forEach(other -> {
                if (relations.contains(List.of(other, to, kind))) {
                    found.add(other);
                }
            });
            return found;
        }
    }

    private final Relations relations = new Relations()
            .with("alice", "bob", RelationKind.CONTACT).with("bob", "alice", RelationKind.CONTACT)
            .with("alice", "dave", RelationKind.BLOCKED)
            .with("erin", "alice", RelationKind.BLOCKED);

    @Test
    void underTheContactsPolicyOnlyContactsAndOneselfSeeEachOther() {
        PresenceAudience audience = audience(PresenceVisibility.CONTACTS);

        assertThat(audience.mutuallyVisible("alice", List.of("alice", "bob", "carol", "dave", "erin")))
                .containsExactlyInAnyOrder("alice", "bob");
        assertThat(audience.mutuallyVisible("bob", List.of("alice"))).containsExactly("alice");
    }

    @Test
    void underTheRealmPolicyEveryoneButBlockedUsersEitherWay() {
        PresenceAudience audience = audience(PresenceVisibility.REALM);

        assertThat(audience.mutuallyVisible("alice", List.of("bob", "carol", "dave", "erin"))).containsExactlyInAnyOrder("bob", "carol");
        assertThat(audience.mutuallyVisible("dave", List.of("alice"))).as("the blocked side").isEmpty();
        assertThat(audience.mutuallyVisible("erin", List.of("alice"))).as("the blocker side").isEmpty();
    }

    private PresenceAudience audience(PresenceVisibility visibility) {
        PresenceAudience audience = new PresenceAudience();
        audience.relations = relations;
        audience.config = new GatewayConfig() {
            @Override
            public PresenceVisibility presenceVisibility() {
                return visibility;
            }
        };
        return audience;
    }
}
