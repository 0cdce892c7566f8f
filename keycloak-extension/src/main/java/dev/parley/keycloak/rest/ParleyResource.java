package dev.parley.keycloak.rest;

import dev.parley.keycloak.ExtensionVersion;
import dev.parley.keycloak.device.ParleySettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/parley}: Parley's API inside Keycloak. Every resource requires the caller's
 * bearer token for this realm; there is no other way in.
 */
public class ParleyResource {

    private final KeycloakSession session;

    public ParleyResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * {@code GET /realms/{realm}/parley/info}: which extension build serves this realm, for whom, and the realm's
     * directory policy (the gateway applies it to KeyPackage claims).
     */
    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        Caller caller = Caller.authenticate(session);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("extension_version", ExtensionVersion.VERSION);
        info.put("realm", caller.realm().getName());
        info.put("user_id", caller.user().getId());
        info.put("directory_policy", ParleySettings.of(caller.realm()).directoryPolicy());
        return info;
    }

    @Path("challenges")
    public ChallengeController challenges() {
        return new ChallengeController(session, Caller.authenticate(session));
    }

    @Path("identity")
    public IdentityController identity() {
        return new IdentityController(session, Caller.authenticate(session));
    }

    @Path("devices")
    public DeviceController devices() {
        return new DeviceController(session, Caller.authenticate(session));
    }

    @Path("directory")
    public DirectoryController directory() {
        return new DirectoryController(session, Caller.authenticate(session));
    }

    @Path("users")
    public UsersController users() {
        return new UsersController(session, Caller.authenticate(session));
    }

    @Path("revocations")
    public RevocationFeedController revocations() {
        return new RevocationFeedController(session, Caller.authenticate(session));
    }
}
