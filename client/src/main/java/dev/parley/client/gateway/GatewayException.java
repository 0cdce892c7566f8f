package dev.parley.client.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.http.JsonHttp;
import dev.parley.protocol.error.ParleyError;

/**
 * The gateway refused a request. {@link #code()} is the {@code error} of its {@code {"error","message"}}
 * body; {@link #error()} is the same code as a {@link ParleyError}, or null for a code this client version
 * does not know (or an answer without a Parley error body, whose code is then {@code http_<status>}).
 */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ParleyError error;
    private final String code;
    private final int status;

    public GatewayException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
        this.error = ParleyError.fromCode(code);
    }

    /** Reads the error body of a refused request. */
    public static GatewayException from(JsonHttp.Response response) {
        JsonNode body = response.json();
        String code = body.path("error").asText("");
        if (code.isEmpty()) {
            return new GatewayException("http_" + response.status(), response.status(),
                    "The gateway answered HTTP " + response.status() + " without a Parley error body; is gateway.url the Parley gateway?");
        }
        return new GatewayException(code, response.status(), message(body, code));
    }

    /** The body's message, else the catalogue's hint for the code. */
    protected static String message(JsonNode body, String code) {
        ParleyError known = ParleyError.fromCode(code);
        String message = body.path("message").asText("");
        if (message.isBlank()) {
            message = known != null ? known.hint() : "The server refused the request.";
        }
        return message;
    }

    /** Who refused, for people: "the gateway". */
    public String refusedBy() {
        return "the gateway";
    }

    public ParleyError error() {
        return error;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** True for a refusal of the access token itself (HTTP 401). */
    public boolean isAuthentication() {
        return status == 401;
    }
}
