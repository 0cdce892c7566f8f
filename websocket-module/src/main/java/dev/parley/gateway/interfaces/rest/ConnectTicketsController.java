package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import dev.parley.gateway.interfaces.auth.ConnectTicketStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /api/v1/realtime/tickets}: a single-use connect ticket for clients that cannot send an
 * {@code Authorization} header when they open the realtime door (browsers' WebSocket and EventSource).
 */
@Path("/v1/realtime/tickets")
@RequestScoped
public class ConnectTicketsController {

    /** A ticket to put in the realtime door's address as {@code ?ticket=}. */
    public record ConnectTicketResponse(String ticket, long expiresInSeconds) {
    }

    @Inject
    ConnectTicketStore tickets;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public ConnectTicketResponse issue(@Context SecurityContext security) {
        String ticket = tickets.issue((AuthenticatedUser) security.getUserPrincipal());
        return new ConnectTicketResponse(ticket, ConnectTicketStore.TIME_TO_LIVE.toSeconds());
    }
}
