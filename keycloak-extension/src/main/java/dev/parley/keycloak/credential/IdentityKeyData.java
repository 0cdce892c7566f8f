package dev.parley.keycloak.credential;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code credentialData} of a {@code parley-identity} credential.
 *
 * @param publicKey   the raw 32-byte Ed25519 identity public key, base64url
 * @param fingerprint {@link dev.parley.protocol.device.IdentityKeys#fingerprint} of the key
 */
public record IdentityKeyData(
        @JsonProperty("public_key") String publicKey,
        @JsonProperty("fingerprint") String fingerprint) {
}
