package dev.parley.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * {@code users}: any signed-in user of the realm turns a user name into a user id and back, whatever the directory
 * policy: what a person types and reads is a name, what the protocol carries is an id. Never keys or devices (those
 * are the {@linkplain DirectoryController directory}'s).
 */
public class UsersController {

    private final KeycloakSession session;
    private final Caller caller;

    UsersController(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    /** {@code GET users/{userId}}. */
    @GET
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response byId(@PathParam("userId") String userId) {
        return ErrorResponses.handle(session, () -> found(RealmUsers.byId(session, caller.realm(), userId)));
    }

    /** {@code GET users?username=bob}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response byUsername(@QueryParam("username") String username) {
        return ErrorResponses.handle(session, () -> found(RealmUsers.byUsername(session, caller.realm(), username)));
    }

    private static Response found(UserModel user) {
        return Response.ok(new UserResponse(user.getId(), user.getUsername())).build();
    }
}
