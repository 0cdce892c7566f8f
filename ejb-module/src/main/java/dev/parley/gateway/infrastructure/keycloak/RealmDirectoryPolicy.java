package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The realm's directory policy ({@code parley.directoryPolicy}, kept by the Authentication Service), cached for
 * {@link #TTL}. Fails closed: when the policy was never learnt and the Authentication Service cannot be asked, the
 * caller gets {@code directory_unavailable}; once learnt, a failed refresh keeps the last answer.
 */
@ApplicationScoped
public class RealmDirectoryPolicy {

    /** How long an answer is used before it is asked again. */
    public static final Duration TTL = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(RealmDirectoryPolicy.class);

    private record Known(boolean contactsOnly, Instant until) {
    }

    private final Clock clock = Clock.systemUTC();
    private volatile Known known;

    @Inject
    AuthenticationServiceClient authenticationService;

    /** Whether the realm shows directory entries to contacts and conversation partners only. */
    public boolean contactsOnly() {
        Known current = known;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.until())) {
            return current.contactsOnly();
        }
        try {
            boolean contactsOnly = "contacts".equals(authenticationService.directoryPolicy());
            known = new Known(contactsOnly, now.plus(TTL));
            return contactsOnly;
        } catch (AuthenticationServiceException e) {
            if (current != null) {
                LOG.debugf("directory policy not refreshed, keeping the last answer: %s", e.getMessage());
                return current.contactsOnly();
            }
            throw new ParleyException(ParleyError.DIRECTORY_UNAVAILABLE,
                    "The realm's directory policy cannot be read from the Authentication Service; retry shortly.");
        }
    }
}
