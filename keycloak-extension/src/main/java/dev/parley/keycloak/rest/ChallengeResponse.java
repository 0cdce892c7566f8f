package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST challenges}: the challenge (base64url, 32 bytes) and how many seconds it stays usable. */
public record ChallengeResponse(
        @JsonProperty("challenge") String challenge,
        @JsonProperty("expires_in") int expiresIn) {
}
