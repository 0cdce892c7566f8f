package dev.parley.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.contact.ContactsChanged;
import dev.parley.gateway.domain.model.contact.RelationKind;
import dev.parley.gateway.infrastructure.persistence.UserRelationStore;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ContactManagerBlockCacheTest {

    /** Relations in memory, counting reads. */
    private static final class Relations extends UserRelationStore {

        private final Set<List<Object>> relations = new HashSet<>();
        int reads;

        @Override
        public boolean exists(String from, String to, RelationKind kind) {
            reads++;
            return relations.contains(List.of(from, to, kind));
        }

        @Override
        public boolean add(String from, String to, RelationKind kind, Instant at) {
            return relations.add(List.of(from, to, kind));
        }

        @Override
        public boolean remove(String from, String to, RelationKind kind) {
            return relations.remove(List.of(from, to, kind));
        }
    }

    private final Relations relations = new Relations();
    private final List<ContactsChanged> committed = new ArrayList<>();
    private final ContactManager contacts = new ContactManager();

    ContactManagerBlockCacheTest() {
        contacts.relations = relations;
        contacts.changes = new CommittedEvents();
    }

    @Test
    void theAnswerIsReadOnceAndServedForBothOrdersOfThePair() {
        assertThat(contacts.blockedEitherWay("alice", "bob")).isFalse();
        int reads = relations.reads;

        assertThat(contacts.blockedEitherWay("alice", "bob")).isFalse();
        assertThat(contacts.blockedEitherWay("bob", "alice")).isFalse();
        assertThat(relations.reads).isEqualTo(reads);
    }

    @Test
    void aBlockAndAnUnblockAreSeenAtOnceByBothSides() {
        assertThat(contacts.blockedEitherWay("alice", "bob")).isFalse();

        contacts.block("bob", "alice");
        assertThat(contacts.blockedEitherWay("alice", "bob")).isTrue();
        assertThat(contacts.blockedEitherWay("bob", "alice")).isTrue();

        contacts.unblock("bob", "alice");
        assertThat(contacts.blockedEitherWay("alice", "bob")).isFalse();
    }

    @Test
    void aChangeOfAnotherPairKeepsThisPairCached() {
        assertThat(contacts.blockedEitherWay("alice", "bob")).isFalse();
        int reads = relations.reads;

        contacts.block("alice", "carol");

        assertThat(contacts.blockedEitherWay("alice", "bob")).isFalse();
        assertThat(relations.reads).isEqualTo(reads);
        assertThat(contacts.blockedEitherWay("carol", "alice")).isTrue();
    }

    @Test
    void anAnswerLoadedWhileAChangeCommittedIsNotKept() {
        BlockCache cache = new BlockCache(Clock.systemUTC());

        boolean stale = cache.blockedEitherWay("alice", "bob", () -> {
            cache.invalidate("alice", "bob");
            return false;
        });

        assertThat(stale).isFalse();
        assertThat(cache.blockedEitherWay("alice", "bob", () -> true)).as("read again, not the stale answer").isTrue();
        assertThat(cache.blockedEitherWay("alice", "bob", () -> false)).as("now cached").isTrue();
    }

    /** Delivers each event to the manager's after-success observer, as CDI does once the transaction committed. */
    private final class CommittedEvents implements Event<ContactsChanged> {

        @Override
        public void fire(ContactsChanged event) {
            committed.add(event);
            contacts.onContactsChanged(event);
        }

        @Override
        public <U extends ContactsChanged> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends ContactsChanged> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<ContactsChanged> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends ContactsChanged> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends ContactsChanged> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
