package dev.parley.keycloak.rest;

import dev.parley.keycloak.device.ParleySettings;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The signed-in user of this request, from the bearer token; there is no other way in. The token must be an access
 * token of this realm issued for Parley (see {@link TokenChecks}); Keycloak's {@code BearerTokenAuthenticator}
 * checks its signature, issuer and session. A call from a browser must come from a Web Origin of the token's client
 * ({@link BrowserOrigins}).
 */
record Caller(RealmModel realm, UserModel user, Long authTime) {

    /** The realm role of the gateway's service account: may read the revocation feed. */
    static final String SERVICE_ROLE = "parley-service";

    static Caller authenticate(KeycloakSession session) {
        BrowserOrigins.allowRefusals();
        AppAuthManager.AuthHeader header = AppAuthManager.extractAuthorizationHeaderTokenOrReturnNull(
                session.getContext().getRequestHeaders());
        String token = header == null ? null : header.getToken();
        if (token == null || token.isBlank()) {
            throw ErrorResponses.exception(ParleyError.TOKEN_MISSING,
                    "Send this realm's access token as 'Authorization: Bearer <token>'.");
        }
        RealmModel realm = session.getContext().getRealm();
        try {
            TokenChecks.beforeSignature(token, now());
            AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setTokenString(token).authenticate();
            if (auth == null) {
                throw new ParleyException(ParleyError.TOKEN_REJECTED);
            }
            TokenChecks.audience(auth.token(), ParleySettings.of(realm).tokenAudience());
            BrowserOrigins.requireClientOrigin(auth.token());
            return new Caller(realm, auth.user(), authTime(auth));
        } catch (ParleyException e) {
            throw ErrorResponses.tokenRefused(e.error(), e.getMessage());
        }
    }

    /**
     * Refuses the call unless the caller signed in within the realm's {@code parley.identityResetMaxAuthAgeSeconds}
     * ({@code reauthentication_required}, with an RFC 9470 challenge naming {@code max_age}).
     */
    void requireRecentAuthentication() {
        int maxAge = ParleySettings.of(realm).identityResetMaxAuthAgeSeconds();
        try {
            TokenChecks.recentAuthentication(authTime, maxAge, now());
        } catch (ParleyException e) {
            throw ErrorResponses.reauthenticationRequired(e.getMessage(), maxAge);
        }
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

    /**
     * When the user last entered credentials: the token's {@code auth_time} if it has one (Keycloak 26 puts it in ID
     * tokens only), else the sign-in session's {@code AUTH_TIME} note or start. A refreshed token keeps its session's
     * value; only a new sign-in renews it.
     */
    private static Long authTime(AuthResult auth) {
        Long fromToken = auth.token().getAuth_time();
        if (fromToken != null && fromToken > 0) {
            return fromToken;
        }
        if (auth.session() == null) {
            return null;
        }
        String note = auth.session().getNote(AuthenticationManager.AUTH_TIME);
        try {
            return note != null ? Long.parseLong(note) : (long) auth.session().getStarted();
        } catch (NumberFormatException e) {
            return (long) auth.session().getStarted();
        }
    }

    private static long now() {
        return Time.currentTime();
    }
}
