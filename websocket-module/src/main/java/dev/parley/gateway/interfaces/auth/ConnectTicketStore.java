package dev.parley.gateway.interfaces.auth;

import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connect tickets for browsers, which cannot send an {@code Authorization} header when they open a
 * WebSocket or an {@code EventSource}: a caller with a valid access token gets a ticket, then opens the
 * realtime door with {@code ?ticket=...} instead of the header.
 *
 * <p>Invariants: a ticket is 256 random bits, lives {@link #TIME_TO_LIVE}, is redeemed at most once, and
 * stands for exactly the user (and token expiry) it was issued to. Tickets live in this node's memory; a
 * client redeems it right away on the node that issued it.
 */
@ApplicationScoped
public class ConnectTicketStore {

    public static final Duration TIME_TO_LIVE = Duration.ofSeconds(30);
    private static final int TICKET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Issued(AuthenticatedUser user, Instant expiresAt) {
    }

    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Clock clock;

    public ConnectTicketStore() {
        this(Clock.systemUTC());
    }

    ConnectTicketStore(Clock clock) {
        this.clock = clock;
    }

    /** A new single-use ticket for {@code user}. */
    public String issue(AuthenticatedUser user) {
        Instant now = clock.instant();
        issued.values().removeIf(ticket -> ticket.expiresAt().isBefore(now));
        byte[] random = new byte[TICKET_BYTES];
        RANDOM.nextBytes(random);
        String ticket = Base64Url.encode(Bytes.of(random));
        issued.put(ticket, new Issued(user, now.plus(TIME_TO_LIVE)));
        return ticket;
    }

    /** The user a ticket was issued to; empty if it is unknown, expired or already redeemed. */
    public Optional<AuthenticatedUser> redeem(String ticket) {
        Issued redeemed = ticket == null ? null : issued.remove(ticket);
        if (redeemed == null || redeemed.expiresAt().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(redeemed.user());
    }
}
