package dev.parley.client.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.http.JsonHttp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A session with the realm as the client keeps it. {@code expiresAt} is computed from {@code expires_in}
 * when the tokens arrive; the access token counts as expired {@link #EXPIRY_MARGIN} early so that it does not
 * run out on the way to the gateway.
 *
 * @param refreshToken null if the realm issued none (then the session ends with the access token)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tokens(@JsonProperty("access_token") String accessToken,
                     @JsonProperty("refresh_token") String refreshToken,
                     @JsonProperty("id_token") String idToken,
                     @JsonProperty("expires_at") Instant expiresAt) {

    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    /** Reads a successful token response (RFC 6749 §5.1). */
    static Tokens fromTokenResponse(JsonNode json, Instant now) {
        String accessToken = json.path("access_token").asText(null);
        if (accessToken == null) {
            throw new IllegalStateException("The realm's token answer has no access_token.");
        }
        Instant expiresAt = json.path("expires_in").canConvertToLong() ? now.plusSeconds(json.path("expires_in").asLong()) : null;
        return new Tokens(accessToken, json.path("refresh_token").asText(null), json.path("id_token").asText(null), expiresAt);
    }

    @JsonIgnore
    public boolean accessTokenExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt.minus(EXPIRY_MARGIN));
    }

    /** The newer tokens, keeping this refresh token if the refresh answer carried none. */
    Tokens refreshedWith(Tokens newer) {
        return newer.refreshToken != null ? newer : new Tokens(newer.accessToken, refreshToken, newer.idToken, newer.expiresAt);
    }

    /**
     * The {@code preferred_username} claim of the access token, for display only: the token is not verified
     * here (the gateway verifies it), so nothing may be decided on it.
     */
    @JsonIgnore
    public String displayName() {
        try {
            String[] parts = accessToken.split("\\.");
            JsonNode claims = JsonHttp.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("preferred_username").asText(claims.path("sub").asText("?"));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
