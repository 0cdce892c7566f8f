package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.application.ContactManager;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** {@code /api/v1/blocks}: the caller's blocklist. Blocking and unblocking are idempotent. */
@Path("/v1/blocks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BlocksController {

    public record BlocksResponse(List<ContactsController.ContactEntry> blocked) {
    }

    @Inject
    ContactManager contacts;

    @Context
    SecurityContext security;

    @GET
    public BlocksResponse list() {
        return new BlocksResponse(ContactsController.entries(contacts.blocked(me())));
    }

    @PUT
    @Path("{userId}")
    public void block(@PathParam("userId") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String other) {
        contacts.block(me(), other);
    }

    @DELETE
    @Path("{userId}")
    public void unblock(@PathParam("userId") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String other) {
        contacts.unblock(me(), other);
    }

    private String me() {
        return security.getUserPrincipal().getName();
    }
}
