package dev.parley.client.gateway;

import dev.parley.client.auth.AuthManager;
import dev.parley.client.auth.Tokens;
import dev.parley.client.http.JsonHttp;
import java.io.IOException;
import java.net.URI;

/**
 * The gateway's REST API with the signed-in user's access token. A request the gateway refuses with 401
 * is retried exactly once, after a token refresh; every other refusal is a {@link GatewayException}.
 */
public final class GatewayClient {

    private final URI gatewayUrl;
    private final JsonHttp http;
    private final AuthManager auth;

    /** @param gatewayUrl the gateway's base address, ending in {@code /} */
    public GatewayClient(URI gatewayUrl, JsonHttp http, AuthManager auth) {
        this.gatewayUrl = gatewayUrl;
        this.http = http;
        this.auth = auth;
    }

    /** {@code GET /api/v1/me}. */
    public Me me() {
        return read(get("api/v1/me"), Me.class);
    }

    private JsonHttp.Response get(String path) {
        URI uri = gatewayUrl.resolve(path);
        Tokens tokens = auth.currentTokens();
        JsonHttp.Response response = http.get(uri, tokens.accessToken());
        if (response.status() == 401) {
            response = http.get(uri, auth.refresh().accessToken());
        }
        if (!response.ok()) {
            throw GatewayException.from(response);
        }
        return response;
    }

    private static <T> T read(JsonHttp.Response response, Class<T> type) {
        try {
            return JsonHttp.JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new GatewayException("bad_response", response.status(),
                    "The gateway's answer could not be read as " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
