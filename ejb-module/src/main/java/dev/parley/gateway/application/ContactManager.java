package dev.parley.gateway.application;

import static dev.parley.gateway.domain.model.contact.RelationKind.BLOCKED;
import static dev.parley.gateway.domain.model.contact.RelationKind.CONTACT;
import static dev.parley.gateway.domain.model.contact.RelationKind.REQUESTED;

import dev.parley.gateway.domain.model.contact.ContactsChanged;
import dev.parley.gateway.domain.model.contact.UserRelation;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.persistence.UserRelationStore;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.RateLimitedException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Contacts, contact requests and blocks between realm users.
 *
 * <p>Invariants: two users are contacts in both directions or in neither; a pending request exists only
 * between users who are not contacts and not blocked either way; blocking removes the contact and every
 * pending request between the two. A user whom the addressee blocked gets {@code contact_refused}, the same
 * error as for any other refusal, so a block is never revealed to the blocked user.
 */
@ApplicationScoped
public class ContactManager {

    /** Where two users stand after a request or an acceptance. */
    public enum State { REQUESTED, CONTACT }

    /** One other user and since when the relation holds. */
    public record Entry(String userId, Instant since) {
    }

    /** A user's contacts and pending requests. */
    public record Overview(List<Entry> contacts, List<Entry> incoming, List<Entry> outgoing) {
    }

    private final Clock clock = Clock.systemUTC();

    @Inject
    UserRelationStore relations;

    @Inject
    GatewayConfig config;

    @Inject
    Event<ContactsChanged> changes;

    private final BlockCache blocks = new BlockCache(Clock.systemUTC());

    private RateLimiter requestsPerMinute;
    private RateLimiter requestsPerDay;

    @PostConstruct
    void createLimiters() {
        requestsPerMinute = new RateLimiter(new RateLimit("contact requests", config.contactRequestsPerMinute(), Duration.ofMinutes(1)));
        requestsPerDay = new RateLimiter(new RateLimit("contact requests today", config.contactRequestsPerDay(), Duration.ofDays(1)));
    }

    /**
     * Asks {@code addressee} to become a contact. Repeating a pending request changes nothing; if the
     * addressee had already asked the caller, the two become contacts at once.
     */
    @Transactional
    public State request(String me, String addressee) {
        if (me.equals(addressee)) {
            throw new ParleyException(ParleyError.CONTACT_SELF);
        }
        if (relations.exists(me, addressee, BLOCKED)) {
            throw new ParleyException(ParleyError.CONTACT_REFUSED, "You blocked this user. Unblock them first.");
        }
        if (relations.exists(addressee, me, BLOCKED)) {
            throw new ParleyException(ParleyError.CONTACT_REFUSED);
        }
        if (relations.exists(me, addressee, CONTACT)) {
            throw new ParleyException(ParleyError.CONTACT_ALREADY);
        }
        if (relations.exists(addressee, me, REQUESTED)) {
            connect(me, addressee);
            return State.CONTACT;
        }
        if (!relations.exists(me, addressee, REQUESTED)) {
            requestsPerDay.acquire(me);
            try {
                requestsPerMinute.acquire(me);
            } catch (RateLimitedException e) {
                requestsPerDay.refund(me);
                throw e;
            }
            relations.add(me, addressee, REQUESTED, clock.instant());
        }
        return State.REQUESTED;
    }

    /** Accepts the pending request of {@code requester}: both become contacts. */
    @Transactional
    public State accept(String me, String requester) {
        if (!relations.exists(requester, me, REQUESTED)) {
            throw new ParleyException(ParleyError.CONTACT_REQUEST_NOT_FOUND);
        }
        connect(me, requester);
        return State.CONTACT;
    }

    /** Declines the pending request of {@code requester}; the requester is not told. */
    @Transactional
    public void decline(String me, String requester) {
        if (!relations.remove(requester, me, REQUESTED)) {
            throw new ParleyException(ParleyError.CONTACT_REQUEST_NOT_FOUND);
        }
    }

    /** Withdraws the caller's own pending request to {@code addressee}. */
    @Transactional
    public void cancel(String me, String addressee) {
        if (!relations.remove(me, addressee, REQUESTED)) {
            throw new ParleyException(ParleyError.CONTACT_REQUEST_NOT_FOUND);
        }
    }

    /** Ends the contact in both directions. */
    @Transactional
    public void remove(String me, String other) {
        boolean removed = relations.remove(me, other, CONTACT);
        relations.remove(other, me, CONTACT);
        if (!removed) {
            throw new ParleyException(ParleyError.CONTACT_NOT_FOUND);
        }
        changes.fire(new ContactsChanged(me, other));
    }

    /** Blocks {@code other}: ends the contact and every pending request between the two. Idempotent. */
    @Transactional
    public void block(String me, String other) {
        if (me.equals(other)) {
            throw new ParleyException(ParleyError.BLOCK_SELF);
        }
        relations.remove(me, other, CONTACT);
        relations.remove(other, me, CONTACT);
        relations.remove(me, other, REQUESTED);
        relations.remove(other, me, REQUESTED);
        relations.add(me, other, BLOCKED, clock.instant());
        changes.fire(new ContactsChanged(me, other));
    }

    /** Lifts the caller's block of {@code other}, if any. Idempotent. */
    @Transactional
    public void unblock(String me, String other) {
        if (relations.remove(me, other, BLOCKED)) {
            changes.fire(new ContactsChanged(me, other));
        }
    }

    @Transactional
    public Overview overview(String me) {
        return new Overview(
                entries(relations.from(me, CONTACT), UserRelation::toUserId),
                entries(relations.to(me, REQUESTED), UserRelation::fromUserId),
                entries(relations.from(me, REQUESTED), UserRelation::toUserId));
    }

    @Transactional
    public List<Entry> blocked(String me) {
        return entries(relations.from(me, BLOCKED), UserRelation::toUserId);
    }

    /** Whether either user blocked the other; answered from {@link BlockCache} after the first time. */
    @Transactional
    public boolean blockedEitherWay(String a, String b) {
        return blocks.blockedEitherWay(a, b, () -> relations.exists(a, b, BLOCKED) || relations.exists(b, a, BLOCKED));
    }

    /** Every committed change of a relation drops the pair's cached block state. */
    void onContactsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContactsChanged changed) {
        blocks.invalidate(changed.userId(), changed.otherUserId());
    }

    /** Whether the two users are contacts. */
    @Transactional
    public boolean areContacts(String a, String b) {
        return relations.exists(a, b, CONTACT);
    }

    private void connect(String me, String other) {
        Instant now = clock.instant();
        relations.remove(other, me, REQUESTED);
        relations.remove(me, other, REQUESTED);
        relations.add(me, other, CONTACT, now);
        relations.add(other, me, CONTACT, now);
        changes.fire(new ContactsChanged(me, other));
    }

    private static List<Entry> entries(List<UserRelation> found, Function<UserRelation, String> otherUser) {
        return found.stream().map(r -> new Entry(otherUser.apply(r), r.createdAt())).toList();
    }
}
