package dev.parley.keycloak.credential;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code credentialData} of a {@code parley-device} credential. The device's name is the credential's
 * user label.
 *
 * @param deviceId    unique per user, chosen by the client
 * @param deviceKey   the raw 32-byte Ed25519 signature key of the device, base64url
 * @param cipherSuite the MLS cipher suite the device uses (only suite 1 is accepted)
 * @param platform    free text the client reports (e.g. {@code linux}), for people
 * @param certificate the identity key's signature over the device's {@code DeviceCertificateTBS}, base64url
 * @param createdAt   the {@code created_at} that the certificate signs, epoch milliseconds
 */
public record DeviceData(
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("device_key") String deviceKey,
        @JsonProperty("cipher_suite") int cipherSuite,
        @JsonProperty("platform") String platform,
        @JsonProperty("certificate") String certificate,
        @JsonProperty("created_at") long createdAt) {
}
