package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST devices}; binary fields are base64url. See {@code docs/authentication-service.md}. */
public record DeviceRequest(
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("device_key") String deviceKey,
        @JsonProperty("cipher_suite") Integer cipherSuite,
        @JsonProperty("platform") String platform,
        @JsonProperty("label") String label,
        @JsonProperty("created_at") Long createdAt,
        @JsonProperty("certificate") String certificate,
        @JsonProperty("challenge") String challenge,
        @JsonProperty("challenge_signature") String challengeSignature) {
}
