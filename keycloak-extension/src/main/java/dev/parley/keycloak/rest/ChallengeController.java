package dev.parley.keycloak.rest;

import dev.parley.keycloak.device.ChallengeStore;
import dev.parley.keycloak.device.ParleySettings;
import dev.parley.keycloak.device.RateLimiter;
import dev.parley.protocol.device.Base64Url;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/** {@code POST challenges}: a single-use challenge for the caller's next device registration (rate-limited per user). */
public class ChallengeController {

    private final KeycloakSession session;
    private final Caller caller;

    ChallengeController(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response issue() {
        return ErrorResponses.handle(session, () -> {
            ParleySettings settings = ParleySettings.of(caller.realm());
            new RateLimiter(session).acquire(caller.realm(), caller.user(), RateLimiter.Action.CHALLENGE,
                    settings.challengesPerMinute());
            int ttl = settings.challengeTtlSeconds();
            String challenge = Base64Url.encode(new ChallengeStore(session).issue(caller.realm(), caller.user(), ttl));
            return Response.status(Response.Status.CREATED).entity(new ChallengeResponse(challenge, ttl)).build();
        });
    }
}
