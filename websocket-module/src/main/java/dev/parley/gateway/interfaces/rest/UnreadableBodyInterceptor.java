package dev.parley.gateway.interfaces.rest;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * A request body that the JSON-B reader cannot turn into the request record (not JSON, not an object, a field of the
 * wrong type, a number out of range) is {@code bad_request}. The reader reports it as a {@code ProcessingException},
 * which no mapper names; without this it would reach {@link UnexpectedExceptionMapper} as a 500.
 */
@Provider
public class UnreadableBodyInterceptor implements ReaderInterceptor {

    static final String MESSAGE = "The body is not JSON of the form this request takes (see docs/protocol.md).";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (ProcessingException | JsonbException e) {
            throw new ParleyException(ParleyError.BAD_REQUEST, MESSAGE);
        }
    }
}
