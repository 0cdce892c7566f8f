package dev.parley.client.auth;

import dev.parley.client.http.JsonHttp;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HTTP calls with the signed-in user's access token: a call answered 401 is repeated exactly once, after a
 * token refresh (not for {@code reauthentication_required}, which only a new sign-in answers). Used for the
 * gateway and for the realm's Authentication Service alike.
 */
public final class AuthorizedHttp {

    private final JsonHttp http;
    private final AuthManager auth;

    public AuthorizedHttp(JsonHttp http, AuthManager auth) {
        this.http = http;
        this.auth = auth;
    }

    /** @param jsonBody null for none */
    public JsonHttp.Response call(String method, URI uri, Object jsonBody, Map<String, String> headers) {
        return call(method, uri, JsonHttp.json(jsonBody), () -> headers);
    }

    /**
     * A call whose headers are made anew for each attempt (a request proof is never sent twice).
     *
     * @param json the body as JSON, null for none
     */
    public JsonHttp.Response call(String method, URI uri, byte[] json, Supplier<Map<String, String>> headers) {
        JsonHttp.Response response = http.sendJson(method, uri, auth.currentTokens().accessToken(), json, headers.get());
        if (response.status() == 401 && refreshHelps(response)) {
            response = http.sendJson(method, uri, auth.refresh().accessToken(), json, headers.get());
        }
        return response;
    }

    /**
     * A refreshed token keeps the session's sign-in time, so it cannot answer {@code reauthentication_required}; and
     * a refused request proof ({@code request_*}) is not the token's fault.
     */
    private static boolean refreshHelps(JsonHttp.Response response) {
        String error = response.json().path("error").asText();
        return !"reauthentication_required".equals(error) && !error.startsWith("request_");
    }

    public AuthManager auth() {
        return auth;
    }
}
