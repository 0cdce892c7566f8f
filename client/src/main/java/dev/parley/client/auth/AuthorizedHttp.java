package dev.parley.client.auth;

import dev.parley.client.http.JsonHttp;
import java.net.URI;
import java.util.Map;

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
        JsonHttp.Response response = http.send(method, uri, auth.currentTokens().accessToken(), jsonBody, headers);
        if (response.status() == 401 && !needsFreshSignIn(response)) {
            response = http.send(method, uri, auth.refresh().accessToken(), jsonBody, headers);
        }
        return response;
    }

    /** A refreshed token keeps the session's sign-in time, so it cannot answer {@code reauthentication_required}. */
    private static boolean needsFreshSignIn(JsonHttp.Response response) {
        return "reauthentication_required".equals(response.json().path("error").asText());
    }

    public AuthManager auth() {
        return auth;
    }
}
