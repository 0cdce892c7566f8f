package dev.parley.gateway.infrastructure.keycloak;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/** Reads and saves the revocation-feed cursor; it survives restarts, so the gateway catches up after downtime. */
@ApplicationScoped
public class RevocationCursorStore {

    /** The feed of the realm this gateway trusts (one realm per gateway today). */
    static final String FEED = "keycloak";

    @PersistenceContext(unitName = "parley")
    EntityManager entityManager;

    @Transactional
    public long lastSeq() {
        RevocationCursor cursor = entityManager.find(RevocationCursor.class, FEED);
        return cursor != null ? cursor.lastSeq() : 0;
    }

    /** Moves the cursor forward to {@code seq}; never backwards. */
    @Transactional
    public void advanceTo(long seq) {
        Instant now = Instant.now(Clock.systemUTC());
        RevocationCursor cursor = entityManager.find(RevocationCursor.class, FEED);
        if (cursor == null) {
            entityManager.persist(new RevocationCursor(FEED, seq, now));
        } else {
            cursor.advanceTo(seq, now);
        }
    }
}
