package dev.parley.client.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.http.JsonHttp;

/** The realm's Authentication Service (the Keycloak extension) refused a request; codes as the gateway's. */
public final class AuthenticationServiceException extends GatewayException {

    private static final long serialVersionUID = 1L;

    public AuthenticationServiceException(String code, int status, String message) {
        super(code, status, message);
    }

    static AuthenticationServiceException of(JsonHttp.Response response) {
        JsonNode body = response.json();
        String code = body.path("error").asText("");
        if (code.isEmpty()) {
            return new AuthenticationServiceException("http_" + response.status(), response.status(),
                    "The realm answered HTTP " + response.status() + " without a Parley error body; is the Parley extension "
                            + "installed in the realm that realm.url names?");
        }
        return new AuthenticationServiceException(code, response.status(), message(body, code));
    }

    @Override
    public String refusedBy() {
        return "the Authentication Service";
    }
}
