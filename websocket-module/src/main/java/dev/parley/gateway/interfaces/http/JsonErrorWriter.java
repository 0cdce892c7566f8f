package dev.parley.gateway.interfaces.http;

import dev.parley.protocol.error.ErrorResponse;
import dev.parley.gateway.interfaces.rest.JsonbConfigResolver;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes an {@link ErrorResponse} from a servlet filter, where JAX-RS exception mappers cannot reach. */
public final class JsonErrorWriter {

    private JsonErrorWriter() {
    }

    public static void write(HttpServletResponse response, int status, ErrorResponse body) throws IOException {
        byte[] json = JsonbConfigResolver.jsonb().toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
