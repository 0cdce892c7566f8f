package dev.parley.keycloak.rest;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
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
 * The two ways a path names a user: {@code .../{userId}} and {@code ...?username=bob}. Unknown users and service
 * accounts are {@code user_not_found}; what a found user is answered with is the subclass's.
 */
abstract class UserLookupController {

    protected final KeycloakSession session;
    protected final Caller caller;

    UserLookupController(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @GET
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response byId(@PathParam("userId") String userId) {
        return ErrorResponses.handle(session, () -> answer(person(session.users().getUserById(caller.realm(), userId))));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response byUsername(@QueryParam("username") String username) {
        return ErrorResponses.handle(session, () -> answer(person(session.users().getUserByUsername(caller.realm(), Requests.required(username, "username")))));
    }

    private static UserModel person(UserModel user) {
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw new ParleyException(ParleyError.USER_NOT_FOUND);
        }
        return user;
    }

    /** The answer for a user of the realm; may throw a {@link ParleyException}. */
    protected abstract Response answer(UserModel user);
}
