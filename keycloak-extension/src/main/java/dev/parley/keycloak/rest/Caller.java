package dev.parley.keycloak.rest;

import dev.parley.protocol.error.ParleyError;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/** The signed-in user of this request, from the bearer token; there is no other way in. */
record Caller(RealmModel realm, UserModel user) {

    /** The realm role of the gateway's service account: may read the revocation feed. */
    static final String SERVICE_ROLE = "parley-service";

    static Caller authenticate(KeycloakSession session) {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw ErrorResponses.exception(ParleyError.TOKEN_MISSING,
                    "Send this realm's access token as 'Authorization: Bearer <token>'.");
        }
        return new Caller(session.getContext().getRealm(), auth.user());
    }

    /** Whether the caller is a service with the realm role {@value #SERVICE_ROLE} (the gateway's service account). */
    boolean isService() {
        RoleModel role = realm.getRole(SERVICE_ROLE);
        return role != null && user.hasRole(role);
    }

    void requireServiceRole() {
        if (!isService()) {
            throw ErrorResponses.exception(ParleyError.FORBIDDEN,
                    "Only a caller with the realm role '" + SERVICE_ROLE + "' (the gateway's service account) may read this.");
        }
    }
}
