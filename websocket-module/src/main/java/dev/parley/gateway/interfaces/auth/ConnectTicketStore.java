package dev.parley.gateway.interfaces.auth;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.RateLimitedException;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Connect tickets for browsers, which cannot send an {@code Authorization} header when they open a
 * WebSocket or an {@code EventSource}: a caller with a valid access token gets a ticket, then opens the
 * realtime door with {@code ?ticket=...} instead of the header.
 *
 * <p>Invariants: a ticket is 256 random bits, lives {@link #TIME_TO_LIVE}, is redeemed at most once, and
 * stands for exactly the user (and token expiry) it was issued to. One user gets at most
 * {@code parley.realtime.tickets-per-minute} (a token bucket), and at most {@code parley.realtime.max-outstanding}
 * wait at once on this node; beyond either the issue is {@code rate_limited}. Tickets are kept in the order they
 * were issued, which is the order they expire in, so expired ones are dropped from the head without a scan. Tickets
 * live in this node's memory; a client redeems it right away on the node that issued it.
 */
@ApplicationScoped
public class ConnectTicketStore {

    public static final Duration TIME_TO_LIVE = Duration.ofSeconds(30);
    private static final int TICKET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Issued(AuthenticatedUser user, Instant expiresAt) {
    }

    /** Guarded by {@code this}; insertion order = expiry order. */
    private final LinkedHashMap<String, Issued> issued = new LinkedHashMap<>();
    private final Clock clock;
    private RateLimiter perUser;
    private int maxOutstanding;

    @Inject
    GatewayConfig config;

    public ConnectTicketStore() {
        this(Clock.systemUTC());
    }

    ConnectTicketStore(Clock clock) {
        this(clock, GatewayConfig.DEFAULT_REALTIME_TICKETS_PER_MINUTE, GatewayConfig.DEFAULT_REALTIME_MAX_OUTSTANDING);
    }

    ConnectTicketStore(Clock clock, int perUserPerMinute, int maxOutstanding) {
        this.clock = clock;
        limit(perUserPerMinute, maxOutstanding);
    }

    @PostConstruct
    void configure() {
        limit(config.realtimeTicketsPerMinute(), config.realtimeMaxOutstanding());
    }

    private void limit(int perUserPerMinute, int maxOutstanding) {
        this.perUser = new RateLimiter(new RateLimit(what(), Math.max(1, perUserPerMinute), Duration.ofMinutes(1)));
        this.maxOutstanding = Math.max(1, maxOutstanding);
    }

    /** What this store hands out, for the {@code rate_limited} message. */
    protected String what() {
        return "connect tickets";
    }

    /**
     * A new single-use ticket for {@code user}.
     *
     * @throws RateLimitedException when the user asked for too many, or too many wait on this node
     */
    public String issue(AuthenticatedUser user) {
        perUser.acquire(user.userId());
        Instant now = clock.instant();
        byte[] random = new byte[TICKET_BYTES];
        RANDOM.nextBytes(random);
        String ticket = Base64Url.encode(Bytes.of(random));
        synchronized (this) {
            dropExpired(now);
            if (issued.size() >= maxOutstanding) {
                Instant oldest = issued.values().iterator().next().expiresAt();
                perUser.refund(user.userId());
                throw new RateLimitedException(what() + " waiting on this gateway", Duration.between(now, oldest).plusSeconds(1));
            }
            issued.put(ticket, new Issued(user, now.plus(TIME_TO_LIVE)));
        }
        return ticket;
    }

    /** The user a ticket was issued to; empty if it is unknown, expired or already redeemed. */
    public Optional<AuthenticatedUser> redeem(String ticket) {
        Issued redeemed;
        synchronized (this) {
            redeemed = ticket == null ? null : issued.remove(ticket);
        }
        if (redeemed == null || redeemed.expiresAt().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(redeemed.user());
    }

    /** Tickets waiting to be redeemed (expired ones may be counted until the next issue). */
    synchronized int outstanding() {
        return issued.size();
    }

    private void dropExpired(Instant now) {
        Iterator<Map.Entry<String, Issued>> oldestFirst = issued.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().expiresAt().isBefore(now)) {
            oldestFirst.remove();
        }
    }
}
