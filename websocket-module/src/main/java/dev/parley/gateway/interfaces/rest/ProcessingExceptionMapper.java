package dev.parley.gateway.interfaces.rest;

import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * A body that passed {@link JsonBodyFilter} but that JSON-B cannot bind — a field of the wrong JSON type, a number
 * out of its field's range (2^64 for a seq) — is {@code malformed_json}, not a failure of the gateway. JSON-B's own
 * message names Java types, so the client gets the hint and the message is logged at debug level.
 */
@Provider
public class ProcessingExceptionMapper implements ExceptionMapper<ProcessingException> {

    private static final Logger LOG = Logger.getLogger(ProcessingExceptionMapper.class);

    @Override
    public Response toResponse(ProcessingException exception) {
        LOG.debugf("Unbindable request body: %s", exception.getMessage());
        return Response.status(ParleyError.MALFORMED_JSON.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(ParleyError.MALFORMED_JSON, "A field has the wrong JSON type or a number is "
                        + "out of its range; see docs/protocol.md for the body of this request. Nothing was stored."))
                .build();
    }
}
