package dev.parley.keycloak.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.util.JsonSerialization;

/**
 * Asks the gateway ({@code GET {gatewayUrl}/api/v1/directory-access/{userId}}, with the caller's own access token)
 * whether the caller may read a user's directory entry: contacts, contact requests, blocks and conversations live in
 * the gateway. A token the gateway does not accept means "no"; a gateway that cannot be asked is
 * {@code directory_unavailable}, never a silent "yes".
 */
public class GatewayDirectoryAccess {

    private static final Logger LOG = Logger.getLogger(GatewayDirectoryAccess.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String gatewayUrl;

    public GatewayDirectoryAccess(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl == null ? "" : gatewayUrl.strip();
    }

    /**
     * @param authorization the caller's {@code Authorization} header, passed on as it came
     * @throws ParleyException {@code directory_unavailable} when the gateway is not configured, unreachable or
     *                         answers with anything but a verdict
     */
    public boolean mayRead(String authorization, String ownerId) {
        if (gatewayUrl.isEmpty()) {
            throw unavailable("no gateway URL is set for this realm; an administrator sets it under Realm settings → Parley");
        }
        URI uri = uriFor(ownerId);
        HttpResponse<String> response = get(uri, authorization);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return false;
        }
        if (response.statusCode() != 200) {
            LOG.warnf("Directory access check at %s answered HTTP %d", uri, response.statusCode());
            throw unavailable("the gateway at " + gatewayUrl + " answered HTTP " + response.statusCode());
        }
        try {
            JsonNode visible = JsonSerialization.mapper.readTree(response.body()).get("visible");
            if (visible == null || !visible.isBoolean()) {
                throw new IOException("no boolean 'visible' field");
            }
            return visible.booleanValue();
        } catch (IOException e) {
            LOG.warnf("Directory access check at %s answered an unreadable body: %s", uri, e.getMessage());
            throw unavailable("the gateway at " + gatewayUrl + " gave an unreadable answer");
        }
    }

    private URI uriFor(String ownerId) {
        try {
            URI uri = URI.create(gatewayUrl.replaceAll("/+$", "") + "/api/v1/directory-access/"
                    + URLEncoder.encode(ownerId, StandardCharsets.UTF_8));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw unavailable("the realm's gateway URL '" + gatewayUrl + "' is not an http(s) URL; an administrator corrects it under Realm settings → Parley");
    }

    private HttpResponse<String> get(URI uri, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", authorization == null ? "" : authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warnf("Directory access check at %s failed: %s", uri, e.toString());
            throw unavailable("the gateway at " + gatewayUrl + " cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the check was interrupted");
        }
    }

    private static ParleyException unavailable(String why) {
        return new ParleyException(ParleyError.DIRECTORY_UNAVAILABLE,
                "This realm shows directory entries to contacts only and " + why + ". Retry shortly; if it persists, tell your administrator.");
    }
}
