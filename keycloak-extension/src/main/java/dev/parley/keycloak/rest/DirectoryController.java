package dev.parley.keycloak.rest;

import dev.parley.keycloak.device.DeviceStore;
import dev.parley.keycloak.device.IdentityManager;
import dev.parley.keycloak.device.ParleySettings;
import dev.parley.keycloak.gateway.GatewayDirectoryAccess;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * {@code directory} ({@code GET directory/{userId}}, {@code GET directory?username=bob}): a signed-in user of the
 * realm reads another user's identity key and devices (revoked ones included) to verify the members of their groups. Under the realm's {@code contacts} directory policy the gateway
 * decides who sees whom ({@link GatewayDirectoryAccess}); a hidden entry is {@code directory_hidden}, whatever the
 * reason (a block is never revealed). Users read their own entry, the gateway's service account every entry.
 */
public class DirectoryController extends UserLookupController {

    DirectoryController(KeycloakSession session, Caller caller) {
        super(session, caller);
    }

    @Override
    protected Response answer(UserModel user) {
        if (!mayRead(user)) {
            throw new ParleyException(ParleyError.DIRECTORY_HIDDEN);
        }
        return Response.ok(new DirectoryEntryResponse(
                user.getId(),
                user.getUsername(),
                new IdentityManager(session).find(user).map(IdentityResponse::of).orElse(null),
                new DeviceStore(session).devicesOf(caller.realm().getId(), user.getId()).stream()
                        .map(DeviceResponse::forDirectory)
                        .toList()))
                .build();
    }

    private boolean mayRead(UserModel owner) {
        ParleySettings settings = ParleySettings.of(caller.realm());
        if (!settings.directoryForContactsOnly() || owner.getId().equals(caller.user().getId()) || caller.isService()) {
            return true;
        }
        String authorization = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        return new GatewayDirectoryAccess(settings.gatewayUrl()).mayRead(authorization, owner.getId());
    }
}
