package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.application.PresenceManager;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.presence.PresenceEntry;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/presence}: presence for clients without a live connection. {@code PUT} holds a lease for the
 * calling device ({@code Parley-Device-Id}, proven by the request's signature: {@link DeviceBound}) that the client
 * renews by repeating it within {@code lease_seconds}; {@code GET} answers once with what the caller may see (watching with pushes needs a
 * WebSocket). Responses are never cached ({@code Cache-Control: no-store}, see {@code NoStoreFilter}).
 */
@Path("/v1/presence")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PresenceController {

    /** {@code {"status": "away", "invisible": false}}; either may be absent (unchanged). */
    public record PresenceRequest(String status, Boolean invisible) {
    }

    /** The caller's own presence: the best status of their devices, each device's, and the invisible flag. */
    public record OwnPresenceResponse(String status, boolean invisible, Map<String, String> devices, Long leaseSeconds) {
    }

    public record PresenceResponse(List<PresenceEntry> presence) {
    }

    @Inject
    PresenceManager presence;

    @Inject
    DeviceDirectory devices;

    @Inject
    GatewayConfig config;

    @Context
    SecurityContext security;

    @GET
    @Path("me")
    public OwnPresenceResponse own() {
        return own(presence.own(me()), null);
    }

    @GET
    public PresenceResponse query(@QueryParam("user_id") @NotEmpty(message = "name at least one user_id")
            List<@NotNull @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String> userIds) {
        return new PresenceResponse(presence.query(me(), userIds));
    }

    @DeviceBound
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public OwnPresenceResponse set(@HeaderParam(KeyPackagesController.DEVICE_HEADER) String deviceId,
            @NotNull(message = "a JSON body is required") @Valid PresenceRequest body) {
        devices.requireActive(me(), deviceId);
        return own(presence.set(new DeviceAddress(me(), deviceId), body.status(), body.invisible()),
                config.presenceLease().toSeconds());
    }

    @DeviceBound
    @DELETE
    public void leave(@HeaderParam(KeyPackagesController.DEVICE_HEADER) String deviceId) {
        devices.requireActive(me(), deviceId);
        presence.end(new DeviceAddress(me(), deviceId));
    }

    private String me() {
        return security.getUserPrincipal().getName();
    }

    private static OwnPresenceResponse own(PresenceManager.OwnPresence own, Long leaseSeconds) {
        return new OwnPresenceResponse(own.status().wire(), own.invisible(), own.devices(), leaseSeconds);
    }
}
