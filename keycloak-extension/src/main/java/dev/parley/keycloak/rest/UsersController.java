package dev.parley.keycloak.rest;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * {@code users} ({@code GET users/{userId}}, {@code GET users?username=bob}): any signed-in user of the realm turns a
 * user name into a user id and back, whatever the directory policy: what a person types and reads is a name, what
 * the protocol carries is an id. Never keys or devices (those are the {@linkplain DirectoryController directory}'s).
 */
public class UsersController extends UserLookupController {

    UsersController(KeycloakSession session, Caller caller) {
        super(session, caller);
    }

    @Override
    protected Response answer(UserModel user) {
        return Response.ok(new UserResponse(user.getId(), user.getUsername())).build();
    }
}
