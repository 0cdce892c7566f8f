package dev.parley.gateway.interfaces.rest;

import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Failures the JAX-RS runtime detects itself (unknown path, wrong method, unreadable body) get the same
 * JSON error shape as the gateway's own. A query or path parameter that does not convert to its type
 * ({@code ?after=abc}, {@code ?epoch=2^64}) is a 404 with a cause for JAX-RS (spec 3.2); here it is
 * {@code bad_request}: the address exists, the parameter is wrong.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        if (exception instanceof NotFoundException && exception.getCause() != null) {
            return Response.status(ParleyError.BAD_REQUEST.httpStatus())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorResponse.of(ParleyError.BAD_REQUEST,
                            "A path or query parameter is not of its type (e.g. not a number, or out of range)."))
                    .build();
        }
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
