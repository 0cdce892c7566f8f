package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads the Authentication Service's revocation feed every {@code parley.revocation.poll-interval-ms}
 * (2 s by default) from the persisted cursor: drops the user's cached devices, fires {@link DeviceRevoked},
 * then saves the cursor. Correctness needs nothing else: after downtime the gateway reads on from its cursor.
 *
 * <p>Invariant: the cursor is saved only after every entry up to it was applied, so an entry is applied at
 * least once (observers of {@link DeviceRevoked} are idempotent).
 */
@ApplicationScoped
public class RevocationFeedPoller {

    private static final Logger LOG = Logger.getLogger(RevocationFeedPoller.class);
    static final int PAGE_SIZE = 500;

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    GatewayConfig config;

    @Inject
    AuthenticationServiceClient authenticationService;

    @Inject
    KeycloakDeviceDirectory directory;

    @Inject
    RevocationCursorStore cursors;

    @Inject
    Event<DeviceRevoked> revoked;

    private final Clock clock = Clock.systemUTC();
    private ScheduledFuture<?> task;
    private volatile Instant lastSuccess;
    private volatile long lastSeq = -1;
    private volatile String lastError;

    /** Starts polling once the application (and its schema migration, which observes earlier) is up. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) @Initialized(ApplicationScoped.class) Object event) {
        synchronized (this) {
            if (task == null) {
                long interval = config.revocationPollInterval().toMillis();
                task = executor.scheduleWithFixedDelay(this::pollSafely, 0, interval, TimeUnit.MILLISECONDS);
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** When the feed was last read completely; {@code null} before the first success. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** The cursor after the last successful read; -1 before the first. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Why the last read failed; {@code null} if it succeeded. */
    public String lastError() {
        return lastError;
    }

    void pollSafely() {
        try {
            poll();
            if (lastError != null) {
                LOG.infof("Revocation feed readable again (cursor %d)", lastSeq);
            }
            lastError = null;
            lastSuccess = clock.instant();
        } catch (RuntimeException e) {
            if (lastError == null) {
                LOG.warnf("Cannot read the revocation feed, retrying every %s: %s", config.revocationPollInterval(), e.getMessage());
            }
            lastError = e.getMessage() != null ? e.getMessage() : e.toString();
        }
    }

    private void poll() {
        long cursor = cursors.lastSeq();
        List<RevocationEntry> page;
        do {
            page = authenticationService.revocationsAfter(cursor, PAGE_SIZE);
            for (RevocationEntry entry : page) {
                directory.invalidate(entry.userId());
                revoked.fire(new DeviceRevoked(entry.userId(), entry.deviceId(), entry.reason(), entry.seq()));
                cursor = entry.seq();
            }
            if (!page.isEmpty()) {
                cursors.advanceTo(cursor);
                LOG.debugf("Applied %d revocation(s), cursor %d", page.size(), cursor);
            }
        } while (page.size() == PAGE_SIZE);
        lastSeq = cursor;
    }
}
