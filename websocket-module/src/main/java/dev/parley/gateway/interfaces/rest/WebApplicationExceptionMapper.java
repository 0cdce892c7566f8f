package dev.parley.gateway.interfaces.rest;

import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Failures the JAX-RS runtime detects itself (unknown path, wrong method, unreadable body) get the same
 * JSON error shape as the gateway's own.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        ParleyError error = switch (status) {
            case 404 -> ParleyError.NOT_FOUND;
            case 405 -> ParleyError.METHOD_NOT_ALLOWED;
            case 406 -> ParleyError.NOT_ACCEPTABLE;
            case 415 -> ParleyError.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ParleyError.INTERNAL_ERROR : ParleyError.BAD_REQUEST;
        };
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(error))
                .build();
    }
}
