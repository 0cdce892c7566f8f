package dev.parley.keycloak.rest;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;

/**
 * Turns {@link ParleyException}s into {@code {"error", "message"}} responses with the error's status, and
 * rolls the request's transaction back: a rejected call stores nothing.
 */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static Response handle(KeycloakSession session, Supplier<Response> call) {
        try {
            return call.get();
        } catch (ParleyException e) {
            session.getTransactionManager().setRollbackOnly();
            return response(e.error(), e.getMessage());
        }
    }

    static WebApplicationException exception(ParleyError error, String message) {
        return new WebApplicationException(message, response(error, message));
    }

    /**
     * A refused token: 401 with the RFC 6750 challenge the gateway sends too
     * ({@code Bearer error="invalid_token", error_description="<code>"}).
     */
    static WebApplicationException tokenRefused(ParleyError error, String message) {
        return new WebApplicationException(message, builder(error, message)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + error.code() + "\"")
                .build());
    }

    /**
     * {@code reauthentication_required}: 401 with the RFC 9470 step-up challenge, which names the largest
     * acceptable age of the sign-in ({@code max_age}, seconds).
     */
    static WebApplicationException reauthenticationRequired(String message, int maxAgeSeconds) {
        ParleyError error = ParleyError.REAUTHENTICATION_REQUIRED;
        return new WebApplicationException(message, builder(error, message)
                .header("WWW-Authenticate", "Bearer error=\"insufficient_user_authentication\", error_description=\""
                        + error.code() + "\", max_age=" + maxAgeSeconds)
                .build());
    }

    static Response response(ParleyError error, String message) {
        return builder(error, message).build();
    }

    private static Response.ResponseBuilder builder(ParleyError error, String message) {
        return Response.status(error.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(dev.parley.protocol.error.ErrorResponse.of(error, message));
    }
}
