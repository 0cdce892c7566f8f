package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.interfaces.http.StrictJson;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * In front of every resource method that reads a body: the body is at most {@code parley.http.max-body-bytes} (a
 * larger {@code Content-Length} is refused before a byte is read, a chunked body once the limit is passed:
 * {@code request_too_large}), and a JSON body is UTF-8 and passes {@link StrictJson} ({@code malformed_json}), before
 * JSON-B binds it. It runs after the device's request proof ({@link DeviceBoundRequestFilter}), so an unproven request
 * learns nothing about its body; the body is handed on unchanged.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
@ApplicationScoped
public class JsonBodyFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "parley.http.max-body-bytes", defaultValue = "8388608")
    int maxBodyBytes;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        requireWithinLimit(request, maxBodyBytes);
        if (!request.hasEntity() || !isJson(request.getMediaType())) {
            return;
        }
        byte[] body = read(request.getEntityStream());
        requireStrictJson(body);
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    /**
     * Refuses a non-empty body that is not strict JSON ({@code malformed_json}); an empty one passes, for the method to
     * answer {@code bad_request} ("a JSON body is required").
     */
    static void requireStrictJson(byte[] body) {
        if (body.length == 0) {
            return;
        }
        StrictJson.problem(body).ifPresent(problem -> {
            throw new ParleyException(ParleyError.MALFORMED_JSON, problem + " Nothing was stored.");
        });
    }

    /**
     * A declared length beyond the limit is refused before anything is read. Read from the header itself:
     * {@link ContainerRequestContext#getLength()} is -1 beyond 2^31, which would let a request declare terabytes and
     * send a few bytes, and keep a reader waiting for the rest.
     */
    static void requireWithinLimit(ContainerRequestContext request, int maxBodyBytes) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            // The HTTP server refuses such a request before it gets here; should one pass, it is too large to trust.
            length = Long.MAX_VALUE;
        }
        if (length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
    }

    static ParleyException tooLarge(int maxBodyBytes) {
        return new ParleyException(ParleyError.REQUEST_TOO_LARGE,
                "The body is larger than " + maxBodyBytes + " bytes; nothing was stored.");
    }

    private byte[] read(InputStream in) throws IOException {
        byte[] body = in == null ? new byte[0] : in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        return body;
    }

    /**
     * JSON, in UTF-8 (RFC 8259 §8.1): another {@code charset} is refused ({@code unsupported_media_type}) rather than
     * read one way here and another by the binding.
     */
    private static boolean isJson(MediaType type) {
        if (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
            return false;
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
            throw new ParleyException(ParleyError.UNSUPPORTED_MEDIA_TYPE, "JSON is sent in UTF-8 (charset=" + charset + " is not).");
        }
        return true;
    }
}
