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

    static Response response(ParleyError error, String message) {
        return Response.status(error.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(dev.parley.protocol.error.ErrorResponse.of(error, message))
                .build();
    }
}
