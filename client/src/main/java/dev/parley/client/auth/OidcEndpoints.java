package dev.parley.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.http.JsonHttp;
import java.net.URI;

/**
 * The realm's OAuth endpoints, read from its OpenID Connect discovery document. The device authorization
 * and token endpoints are required; revocation and end-session are optional (null when absent).
 */
public record OidcEndpoints(URI issuer, URI deviceAuthorization, URI token, URI revocation, URI endSession) {

    /** Reads {@code <realm>/.well-known/openid-configuration}. */
    public static OidcEndpoints discover(JsonHttp http, URI realmUrl) {
        URI discovery = URI.create(realmUrl + "/.well-known/openid-configuration");
        JsonHttp.Response response = http.get(discovery, null);
        JsonNode document = response.json();
        if (!response.ok() || !document.isObject()) {
            throw new IllegalStateException("The realm at " + realmUrl + " has no OpenID Connect discovery document (HTTP "
                    + response.status() + "); check 'parley config get realm.url'.");
        }
        return fromDiscovery(document, realmUrl);
    }

    static OidcEndpoints fromDiscovery(JsonNode document, URI realmUrl) {
        URI deviceAuthorization = uri(document, "device_authorization_endpoint");
        URI token = uri(document, "token_endpoint");
        if (deviceAuthorization == null || token == null) {
            throw new IllegalStateException("The realm at " + realmUrl
                    + " does not offer the device authorization grant (no device_authorization_endpoint or token_endpoint).");
        }
        return new OidcEndpoints(uri(document, "issuer"), deviceAuthorization, token,
                uri(document, "revocation_endpoint"), uri(document, "end_session_endpoint"));
    }

    private static URI uri(JsonNode document, String field) {
        JsonNode value = document.path(field);
        return value.isTextual() && !value.asText().isBlank() ? URI.create(value.asText()) : null;
    }
}
