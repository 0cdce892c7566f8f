package dev.parley.keycloak.rest;

import dev.parley.keycloak.device.IdentityManager;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/**
 * {@code identity}: the caller's identity key. Registered once; {@code DELETE} resets it and revokes every device, and
 * is accepted only from a token whose sign-in is recent ({@code parley.identityResetMaxAuthAgeSeconds}).
 */
public class IdentityController {

    private final KeycloakSession session;
    private final Caller caller;
    private final IdentityManager identities;

    IdentityController(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
        this.identities = new IdentityManager(session);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return ErrorResponses.handle(session, () -> Response.ok(identities.find(caller.user())
                .map(IdentityResponse::of)
                .orElseThrow(() -> new ParleyException(ParleyError.IDENTITY_REQUIRED, "No identity key is registered.")))
                .build());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(byte[] body) {
        return ErrorResponses.handle(session, () -> {
            IdentityRequest request = Requests.json(body, IdentityRequest.class);
            var identityKey = Requests.base64Url(request.identityKey(), "identity_key", ParleyError.IDENTITY_KEY_INVALID);
            return Response.status(Response.Status.CREATED)
                    .entity(IdentityResponse.of(identities.register(caller.user(), identityKey)))
                    .build();
        });
    }

    /** Revokes every device of the caller, so it needs a recent sign-in ({@link Caller#requireRecentAuthentication}). */
    @DELETE
    public Response reset() {
        caller.requireRecentAuthentication();
        return ErrorResponses.handle(session, () -> {
            identities.reset(caller.realm(), caller.user());
            return Response.noContent().build();
        });
    }
}
