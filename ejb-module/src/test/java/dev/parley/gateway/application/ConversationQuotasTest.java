package dev.parley.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.QuotaExceededException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-user quotas on conversations: created per day (a sliding 24 hours) and taken part in at once. */
class ConversationQuotasTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** Creations and participations as the database would count them. */
    private static final class Conversations extends ConversationStore {
        final Map<String, List<Instant>> created = new HashMap<>();
        final Map<String, Long> takingPart = new HashMap<>();

        @Override
        public Created createdSince(String userId, Instant since) {
            List<Instant> recent = created.getOrDefault(userId, List.of()).stream().filter(t -> !t.isBefore(since)).sorted().toList();
            return new Created(recent.size(), recent.isEmpty() ? since : recent.get(0));
        }

        @Override
        public long conversationCount(String userId) {
            return takingPart.getOrDefault(userId, 0L);
        }

        void create(String userId, Instant at) {
            created.computeIfAbsent(userId, u -> new ArrayList<>()).add(at);
            takingPart.merge(userId, 1L, Long::sum);
        }
    }

    private final ConversationQuotas quotas = new ConversationQuotas();
    private final Conversations conversations = new Conversations();

    @BeforeEach
    void wire() {
        quotas.store = conversations;
        quotas.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        quotas.config = new GatewayConfig() {
            @Override
            public int conversationsPerDay() {
                return 3;
            }

            @Override
            public int conversationsPerUser() {
                return 5;
            }
        };
    }

    @Test
    void theDailyQuotaCountsTheLast24HoursAndSaysWhenTheOldestAgesOut() {
        conversations.create("alice", NOW.minus(Duration.ofHours(30)));
        conversations.create("alice", NOW.minus(Duration.ofHours(20)));
        conversations.create("alice", NOW.minus(Duration.ofHours(2)));
        assertThatCode(() -> quotas.requireCreationAllowed("alice")).as("one creation of 30 h ago no longer counts")
                .doesNotThrowAnyException();
        conversations.create("alice", NOW.minus(Duration.ofHours(1)));

        assertThatThrownBy(() -> quotas.requireCreationAllowed("alice"))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.error()).isEqualTo(ParleyError.QUOTA_EXCEEDED);
                    assertThat(e.retryAfter()).as("the creation of 20 h ago ages out in 4 h").isEqualTo(Duration.ofHours(4));
                    assertThat(e.retryAfterSeconds()).isEqualTo(4 * 3600);
                });
        assertThatCode(() -> quotas.requireCreationAllowed("bob")).as("quotas are per user").doesNotThrowAnyException();
    }

    @Test
    void aUserTakingPartInAsManyConversationsAsAllowedCanNeitherCreateNorBeAdded() {
        conversations.takingPart.put("bob", 5L);

        assertThatThrownBy(() -> quotas.requireRoomFor("bob")).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.error()).isEqualTo(ParleyError.CONVERSATION_LIMIT_REACHED));
        assertThatThrownBy(() -> quotas.requireCreationAllowed("bob")).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.error()).isEqualTo(ParleyError.CONVERSATION_LIMIT_REACHED));
        conversations.takingPart.put("bob", 4L);
        assertThatCode(() -> quotas.requireRoomFor("bob")).doesNotThrowAnyException();
    }
}
