package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.application.DirectoryAudience;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code GET /api/v1/directory-access/{userId}}: whether the caller may read that user's directory entry when the
 * realm shows the directory to contacts only. The Authentication Service calls it with the caller's own token; the
 * answer tells the caller nothing they could not learn from their contacts and conversations.
 */
@Path("/v1/directory-access")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryAccessController {

    /** {@code {"user_id": "...", "visible": true}}. */
    public record DirectoryAccessResponse(String userId, boolean visible) {
    }

    @Inject
    DirectoryAudience audience;

    @Context
    SecurityContext security;

    @GET
    @Path("{userId}")
    public DirectoryAccessResponse access(@PathParam("userId") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String owner) {
        return new DirectoryAccessResponse(owner, audience.mayRead(security.getUserPrincipal().getName(), owner));
    }
}
