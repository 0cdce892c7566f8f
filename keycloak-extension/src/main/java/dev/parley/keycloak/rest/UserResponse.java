package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET users/...}: who a user is by name, nothing more. */
public record UserResponse(@JsonProperty("user_id") String userId, @JsonProperty("username") String username) {
}
