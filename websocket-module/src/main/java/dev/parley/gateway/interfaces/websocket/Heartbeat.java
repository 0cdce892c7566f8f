package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.application.PresenceManager;
import dev.parley.protocol.ws.CloseCode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps connections honest, once a second: pings every connection each heartbeat interval, closes with
 * {@link CloseCode#TIMEOUT} a connection that did not prove its device in time or that was silent for two
 * intervals or did not answer a ping (with its payload) within two intervals (a dead peer, or one that sends but does
 * not read, is found within two intervals), closes with {@link CloseCode#SLOW_CONSUMER} a connection whose peer does
 * not read (a frame not written within the write deadline), drops one whose
 * close was not let through within the write deadline, and closes with {@link CloseCode#TOKEN_EXPIRED} a
 * connection (WebSocket or SSE) whose access token expired without a renewal.
 *
 * <p>Invariant: a tick never waits for a peer (pings and closes are asynchronous), so one connection cannot hold
 * up the heartbeat of the others.
 */
@ApplicationScoped
public class Heartbeat {

    private final Clock clock = Clock.systemUTC();

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ConnectionRegistry registry;

    @Inject
    TransportConfig config;

    private static final Frames.Ack PING = new Frames.Ack("ping", null);

    @Inject
    PresenceManager presence;

    private ScheduledFuture<?> ticks;
    private Instant lastPing = Instant.EPOCH;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Observing the start makes this bean (and its schedule) exist from deployment on.
    }

    @PostConstruct
    void schedule() {
        ticks = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void cancel() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        registry.all().forEach(connection -> connection.close(CloseCode.GOING_AWAY, "gateway shutting down"));
    }

    void tick() {
        Instant now = clock.instant();
        Duration interval = config.heartbeat();
        boolean pingDue = Duration.between(lastPing, now).compareTo(interval) >= 0;
        if (pingDue) {
            lastPing = now;
        }
        Duration deadline = config.writeDeadline();
        long nowNanos = System.nanoTime();
        for (Connection connection : registry.all()) {
            Long pingSince = connection.pingUnansweredSince();
            if (connection.closeOverdue(deadline, nowNanos)) {
                connection.abort();
            } else if (connection.writeStalled(deadline, nowNanos)) {
                connection.close(CloseCode.SLOW_CONSUMER, "a frame was not written within " + deadline.toSeconds() + " s");
            } else if (pingSince != null && nowNanos - pingSince > interval.multipliedBy(2).toNanos()) {
                connection.close(CloseCode.TIMEOUT, "no answer to heartbeats");
            } else if (!connection.proven() && Duration.between(connection.openedAt(), now).compareTo(config.proofTimeout()) > 0) {
                connection.close(CloseCode.TIMEOUT, "no device proof within " + config.proofTimeout().toSeconds() + " s");
            } else if (Duration.between(connection.lastHeardAt(), now).compareTo(interval.multipliedBy(2)) > 0) {
                connection.close(CloseCode.TIMEOUT, "no answer to heartbeats");
            } else if (connection.user().tokenExpiresAt().isBefore(now)) {
                connection.close(CloseCode.TOKEN_EXPIRED, "access token expired; renew it with a token frame");
            } else if (pingDue) {
                connection.ping();
            }
        }
        // Doors without pings of their own (SSE): a ping event finds dead peers and keeps presence leases.
        for (DeliveryTarget target : registry.live()) {
            if (target instanceof Connection) {
                continue;
            }
            if (target.tokenExpiresAt().isBefore(now)) {
                target.close(CloseCode.TOKEN_EXPIRED, "access token expired; reconnect with a fresh token");
            } else if (pingDue && target.send(PING)) {
                presence.renew(target.device());
            }
        }
    }
}
