package dev.parley.gateway.infrastructure.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevocationFeedPollerTest {

    /** The feed as Keycloak serves it; can fail once on demand. */
    static final class FakeFeed extends AuthenticationServiceClient {
        final List<RevocationEntry> entries = new ArrayList<>();
        int failAfterCalls = Integer.MAX_VALUE;
        int calls;

        @Override
        public List<RevocationEntry> revocationsAfter(long afterSeq, int limit) {
            if (calls++ >= failAfterCalls) {
                throw new AuthenticationServiceException("Keycloak is down");
            }
            return entries.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        }
    }

    static final class FakeCursorStore extends RevocationCursorStore {
        long saved;

        @Override
        public long lastSeq() {
            return saved;
        }

        @Override
        public void advanceTo(long seq) {
            saved = Math.max(saved, seq);
        }
    }

    static final class RecordingDirectory extends KeycloakDeviceDirectory {
        final List<String> invalidated = new ArrayList<>();

        @Override
        public void invalidate(String userId) {
            invalidated.add(userId);
        }
    }

    static final class RecordingEvent implements Event<DeviceRevoked> {
        final List<DeviceRevoked> fired = new ArrayList<>();

        @Override
        public void fire(DeviceRevoked event) {
            fired.add(event);
        }

        @Override
        public <U extends DeviceRevoked> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends DeviceRevoked> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<DeviceRevoked> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends DeviceRevoked> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends DeviceRevoked> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    private final FakeFeed feed = new FakeFeed();
    private final FakeCursorStore cursors = new FakeCursorStore();
    private final RecordingDirectory directory = new RecordingDirectory();
    private final RecordingEvent revoked = new RecordingEvent();
    private final RevocationFeedPoller poller = new RevocationFeedPoller();

    @BeforeEach
    void wire() {
        poller.config = new GatewayConfig();
        poller.authenticationService = feed;
        poller.cursors = cursors;
        poller.directory = directory;
        poller.revoked = revoked;
    }

    @Test
    void appliesEveryEntryAfterThePersistedCursorInOrderAcrossPages() {
        LongStream.rangeClosed(1, RevocationFeedPoller.PAGE_SIZE + 10)
                .forEach(seq -> feed.entries.add(new RevocationEntry(seq, "u" + seq, "d", "device_deleted")));
        cursors.saved = 3;

        poller.pollSafely();

        assertThat(revoked.fired).hasSize(RevocationFeedPoller.PAGE_SIZE + 7);
        assertThat(revoked.fired.get(0)).isEqualTo(new DeviceRevoked("u4", "d", "device_deleted", 4));
        assertThat(revoked.fired).extracting(DeviceRevoked::seq).isSorted();
        assertThat(directory.invalidated).startsWith("u4", "u5");
        assertThat(cursors.saved).isEqualTo(RevocationFeedPoller.PAGE_SIZE + 10);
        assertThat(poller.lastSeq()).isEqualTo(RevocationFeedPoller.PAGE_SIZE + 10);
        assertThat(poller.lastSuccess()).isNotNull();
        assertThat(poller.lastError()).isNull();
    }

    @Test
    void catchesUpAfterAnOutageFromWhereItStopped() {
        feed.entries.add(new RevocationEntry(1, "alice", "laptop", "device_revoked"));
        poller.pollSafely();
        feed.entries.add(new RevocationEntry(2, "bob", "phone", "user_disabled"));
        feed.failAfterCalls = feed.calls;

        poller.pollSafely();

        assertThat(poller.lastError()).contains("Keycloak is down");
        assertThat(cursors.saved).isEqualTo(1);

        feed.failAfterCalls = Integer.MAX_VALUE;
        poller.pollSafely();

        assertThat(revoked.fired).extracting(DeviceRevoked::deviceId).containsExactly("laptop", "phone");
        assertThat(cursors.saved).isEqualTo(2);
        assertThat(poller.lastError()).isNull();
    }
}
