package dev.parley.keycloak.rest;

import dev.parley.protocol.error.ParleyError;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;

/**
 * CORS for browser clients (the web client calls this API from the gateway's origin) with Keycloak's own
 * {@link Cors}: a call is answered to the origins among the Web Origins of the client its token was issued to (the
 * token's {@code allowed-origins}, else the client's setting, {@code +} meaning its redirect URIs' origins), as
 * Keycloak's Account REST API does. A refusal of the token itself is readable from any origin, as Keycloak's
 * userinfo endpoint does: before the token is checked there is no client to ask, and the refusal reveals nothing.
 */
final class BrowserOrigins {

    /** The methods of the API; the headers are Keycloak's defaults and {@code Authorization}. */
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    /** What a browser client reads of a refusal besides the JSON body. */
    private static final String[] EXPOSED = {"WWW-Authenticate", "Retry-After"};

    private BrowserOrigins() {
    }

    /** A CORS preflight: it carries no token, so it is answered for any origin; the call itself is checked. */
    static Response preflight() {
        return Cors.builder().auth().preflight().allowedMethods(METHODS).add(Response.ok());
    }

    /** Before the token is checked: its refusal may be read by any origin. */
    static void allowRefusals() {
        Cors.builder().auth().allowAllOrigins().exposedHeaders(EXPOSED).add();
    }

    /**
     * After the token was accepted: the call's origin must be a Web Origin of the token's client.
     *
     * @throws jakarta.ws.rs.WebApplicationException {@code forbidden} (403) for another origin
     */
    static void requireClientOrigin(AccessToken token) {
        try {
            Cors.builder().auth().exposedHeaders(EXPOSED).checkAllowedOrigins(token).add();
        } catch (ForbiddenException e) {
            throw ErrorResponses.exception(ParleyError.FORBIDDEN, "This page's origin is not among the Web Origins of the"
                    + " client '" + token.getIssuedFor() + "' its access token was issued to.");
        }
    }
}
