package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.application.GatewayInfo;
import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code GET /api/v1/me}: the caller's identity as the gateway sees it, proving the sign-in chain. */
@Path("/v1/me")
@RequestScoped
public class MeController {

    @Inject
    GatewayInfo gateway;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MeResponse me(@Context SecurityContext security) {
        AuthenticatedUser user = (AuthenticatedUser) security.getUserPrincipal();
        return new MeResponse(user.userId(), user.username(), gateway.gatewayId(), gateway.gatewayId(),
                gateway.serverVersion(), gateway.protocolVersion());
    }
}
