package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.keycloak.credential.IdentityCredentialModel;

/** A user's identity key as clients see it. */
public record IdentityResponse(
        @JsonProperty("public_key") String publicKey,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("created_at") long createdAt) {

    static IdentityResponse of(IdentityCredentialModel identity) {
        return new IdentityResponse(identity.data().publicKey(), identity.data().fingerprint(), identity.getCreatedDate());
    }
}
