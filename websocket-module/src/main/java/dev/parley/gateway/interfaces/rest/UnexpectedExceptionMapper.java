package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.interfaces.http.Causes;
import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The last line: a failure nobody named is a bug. It is logged with its stack trace (the only place one is
 * logged) and answered with {@code internal_error}, never with a stack trace to the client. The one
 * exception is a constraint violation from a race between two requests, answered {@code conflict}.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        ParleyError error = ParleyError.INTERNAL_ERROR;
        if (isConstraintViolation(exception)) {
            // Two requests raced for the same row (e.g. the same contact request twice): the loser retries.
            LOG.debugf("Concurrent change refused by the database: %s", exception);
            error = ParleyError.CONFLICT;
        } else {
            LOG.error("Unexpected failure while serving a request", exception);
        }
        return Response.status(error.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(error))
                .build();
    }

    /** SQL state class 23: integrity constraint violation (a unique key, a primary key). */
    static boolean isConstraintViolation(Throwable exception) {
        return Causes.of(exception).anyMatch(t -> t instanceof SQLException sql
                && sql.getSQLState() != null && sql.getSQLState().startsWith("23"));
    }
}
