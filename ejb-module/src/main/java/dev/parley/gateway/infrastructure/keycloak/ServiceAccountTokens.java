package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Access tokens of the gateway's service account (client-credentials grant of {@code parley.oidc.client-id}),
 * reused until shortly before they expire.
 */
@ApplicationScoped
public class ServiceAccountTokens {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Clock clock = Clock.systemUTC();

    @Inject
    GatewayConfig config;

    private String token;
    private Instant renewAt = Instant.EPOCH;

    /** @throws AuthenticationServiceException if there is no secret or Keycloak refuses or cannot be reached */
    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** Forgets the token, e.g. after Keycloak rejected it. */
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch() {
        String secret = config.clientSecret().orElseThrow(() -> new AuthenticationServiceException(
                "parley.oidc.client-secret is not set: the gateway cannot read the revocation feed"));
        String form = "grant_type=client_credentials&client_id=" + encode(config.clientId())
                + "&client_secret=" + encode(secret);
        HttpRequest request = HttpRequest.newBuilder(config.tokenUri()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AuthenticationServiceException("Keycloak refused the service account's token: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
            token = body.getString("access_token");
            long lifetime = body.getJsonNumber("expires_in").longValue();
            renewAt = clock.instant().plusSeconds(lifetime).minus(RENEW_BEFORE_EXPIRY);
        } catch (IOException e) {
            throw new AuthenticationServiceException("Keycloak's token endpoint is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationServiceException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
