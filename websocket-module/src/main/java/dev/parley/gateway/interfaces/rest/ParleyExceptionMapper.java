package dev.parley.gateway.interfaces.rest;

import dev.parley.protocol.error.ParleyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A named failure becomes its HTTP status and {@code {"error", "message"}} body. */
@Provider
public class ParleyExceptionMapper implements ExceptionMapper<ParleyException> {

    @Override
    public Response toResponse(ParleyException exception) {
        return Response.status(exception.error().httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(exception.toResponse())
                .build();
    }
}
