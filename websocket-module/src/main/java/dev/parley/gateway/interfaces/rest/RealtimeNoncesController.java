package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import dev.parley.gateway.interfaces.auth.ConnectTicketStore;
import dev.parley.gateway.interfaces.auth.RealtimeNonceStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /api/v1/realtime/nonces}: a single-use nonce for the device proof of the SSE door
 * ({@code GET /api/v1/events}), which cannot send a {@code hello} before the client proves its device.
 */
@Path("/v1/realtime/nonces")
@RequestScoped
public class RealtimeNoncesController {

    /** The nonce (base64url of 32 random bytes) to sign in {@code ConnectProofTBS}. */
    public record NonceResponse(String nonce, long expiresInSeconds) {
    }

    @Inject
    RealtimeNonceStore nonces;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public NonceResponse issue(@Context SecurityContext security) {
        return new NonceResponse(nonces.issue((AuthenticatedUser) security.getUserPrincipal()),
                ConnectTicketStore.TIME_TO_LIVE.toSeconds());
    }
}
