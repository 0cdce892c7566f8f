package dev.parley.gateway.application;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.QuotaExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The per-user quotas on conversations, counted in the database (so they hold across restarts and nodes):
 * conversations created per 24 hours ({@code parley.quota.conversations-per-day}) and conversations a user takes part
 * in at once ({@code parley.quota.conversations-per-user}).
 *
 * <p>The checks read committed counts before the write they guard: concurrent creates of one user may pass one check
 * together and overshoot a quota by the number of such concurrent requests, never more.
 */
@ApplicationScoped
public class ConversationQuotas {

    static final Duration DAY = Duration.ofDays(1);

    Clock clock = Clock.systemUTC();

    @Inject
    ConversationStore store;

    @Inject
    GatewayConfig config;

    /**
     * Refuses a new conversation of {@code userId} past either quota.
     *
     * @throws QuotaExceededException with the time until the oldest creation of the last 24 hours ages out
     * @throws ParleyException        {@code conversation_limit_reached} when the user takes part in as many
     *                                conversations as allowed
     */
    @Transactional
    public void requireCreationAllowed(String userId) {
        Instant now = clock.instant();
        ConversationStore.Created created = store.createdSince(userId, now.minus(DAY));
        if (created.count() >= config.conversationsPerDay()) {
            throw new QuotaExceededException("conversations created (" + config.conversationsPerDay() + " per day)",
                    Duration.between(now, created.oldest().plus(DAY)));
        }
        requireRoomFor(userId);
    }

    /**
     * Refuses to make {@code userId} take part in one more conversation when they take part in as many as allowed.
     *
     * @throws ParleyException {@code conversation_limit_reached}
     */
    @Transactional
    public void requireRoomFor(String userId) {
        if (store.conversationCount(userId) >= config.conversationsPerUser()) {
            throw new ParleyException(ParleyError.CONVERSATION_LIMIT_REACHED, "A user takes part in "
                    + config.conversationsPerUser() + " conversations, as many as this gateway allows; "
                    + "they must leave one before they can take part in another.");
        }
    }
}
