package dev.parley.gateway.interfaces.rest;

import dev.parley.protocol.error.ParleyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A named failure becomes its HTTP status and {@code {"error", "message"}} body (and {@code Retry-After}). */
@Provider
public class ParleyExceptionMapper implements ExceptionMapper<ParleyException> {

    @Override
    public Response toResponse(ParleyException exception) {
        Response.ResponseBuilder response = Response.status(exception.error().httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(exception.toResponse());
        if (exception.retryAfterSeconds() != null) {
            response.header("Retry-After", exception.retryAfterSeconds());
        }
        return response.build();
    }
}
