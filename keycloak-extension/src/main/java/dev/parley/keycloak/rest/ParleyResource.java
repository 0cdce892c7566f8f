package dev.parley.keycloak.rest;

import dev.parley.keycloak.ExtensionVersion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /realms/{realm}/parley}: Parley's API inside Keycloak. Every resource requires the caller's
 * bearer token for this realm; there is no other way in.
 */
public class ParleyResource {

    private final KeycloakSession session;

    public ParleyResource(KeycloakSession session) {
        this.session = session;
    }

    /** {@code GET /realms/{realm}/parley/info}: which extension build serves this realm, for whom. */
    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        AuthResult auth = authenticate();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("extension_version", ExtensionVersion.VERSION);
        info.put("realm", session.getContext().getRealm().getName());
        info.put("user_id", auth.user().getId());
        return info;
    }

    private AuthResult authenticate() {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw new NotAuthorizedException("Bearer",
                    Response.status(Response.Status.UNAUTHORIZED)
                            .type(MediaType.APPLICATION_JSON_TYPE)
                            .entity(Map.of("error", "token_missing",
                                    "message", "Send this realm's access token as 'Authorization: Bearer <token>'."))
                            .build());
        }
        return auth;
    }
}
