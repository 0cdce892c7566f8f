package dev.parley.keycloak.rest;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The realm's people by id or user name; service accounts are not people and are never found. */
final class RealmUsers {

    private RealmUsers() {
    }

    /** @throws ParleyException {@code user_not_found} */
    static UserModel byId(KeycloakSession session, RealmModel realm, String userId) {
        return person(session.users().getUserById(realm, userId));
    }

    /** @throws ParleyException {@code user_not_found}, or {@code bad_request} without a user name */
    static UserModel byUsername(KeycloakSession session, RealmModel realm, String username) {
        return person(session.users().getUserByUsername(realm, Requests.required(username, "username")));
    }

    private static UserModel person(UserModel user) {
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw new ParleyException(ParleyError.USER_NOT_FOUND);
        }
        return user;
    }
}
