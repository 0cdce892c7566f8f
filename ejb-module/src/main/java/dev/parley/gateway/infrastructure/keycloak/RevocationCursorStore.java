package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads and saves this node's revocation-feed cursor (one row per node, named by {@code jboss.node.name}); it
 * survives restarts, so a node catches up after downtime.
 *
 * <p>A node without a row of its own (a new node, or the first start after cursors became per node) starts at the
 * furthest cursor of any node: the node that saved it applied every entry up to it, so their effects in the database
 * (deleted KeyPackages) are done, and the new node holds nothing in memory — no cached device, no connection — that
 * predates the revocations before it. Starting at the oldest cursor instead would be as correct but would replay,
 * on every new node, the feed since the oldest node that ever ran.
 */
@ApplicationScoped
public class RevocationCursorStore {

    /** The feed of the realm this gateway trusts (one realm per gateway today). */
    static final String FEED = "keycloak";

    @PersistenceContext(unitName = "parley")
    EntityManager entityManager;

    @Inject
    GatewayConfig config;

    @Transactional
    public long lastSeq() {
        RevocationCursor own = entityManager.find(RevocationCursor.class, key());
        if (own != null) {
            return own.lastSeq();
        }
        Long furthest = entityManager
                .createQuery("select max(c.lastSeq) from RevocationCursor c where c.feed = :feed", Long.class)
                .setParameter("feed", FEED)
                .getSingleResult();
        return furthest != null ? furthest : 0;
    }

    /** Moves this node's cursor forward to {@code seq}; never backwards. */
    @Transactional
    public void advanceTo(long seq) {
        Instant now = Instant.now(Clock.systemUTC());
        RevocationCursor own = entityManager.find(RevocationCursor.class, key());
        if (own == null) {
            entityManager.persist(new RevocationCursor(FEED, config.nodeName(), seq, now));
        } else {
            own.advanceTo(seq, now);
        }
    }

    private RevocationCursor.Key key() {
        return new RevocationCursor.Key(FEED, config.nodeName());
    }
}
