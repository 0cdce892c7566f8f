package dev.parley.gateway.interfaces.rest;

import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The last line: a failure nobody named is a bug. It is logged with its stack trace (the only place one is
 * logged) and answered with {@code internal_error}, never with a stack trace to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        LOG.error("Unexpected failure while serving a request", exception);
        return Response.status(ParleyError.INTERNAL_ERROR.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(ParleyError.INTERNAL_ERROR))
                .build();
    }
}
