package dev.parley.keycloak.rest;

import dev.parley.keycloak.device.ChallengeStore;
import dev.parley.keycloak.device.ParleySettings;
import dev.parley.protocol.device.Base64Url;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/** {@code POST challenges}: a single-use challenge for the caller's next device registration. */
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
        int ttl = ParleySettings.of(caller.realm()).challengeTtlSeconds();
        String challenge = Base64Url.encode(new ChallengeStore(session).issue(caller.realm(), caller.user(), ttl));
        return Response.status(Response.Status.CREATED).entity(new ChallengeResponse(challenge, ttl)).build();
    }
}
