package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code PUT identity}: {@code {"identity_key": "<base64url raw Ed25519 public key>"}}. */
public record IdentityRequest(@JsonProperty("identity_key") String identityKey) {
}
