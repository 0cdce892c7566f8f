package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.keycloak.device.DeviceEntity;

/**
 * A device. Its owner also sees {@code label} and {@code platform}; the directory leaves them out
 * (what other users need is the key, the certificate and whether it is revoked).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceResponse(
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("device_key") String deviceKey,
        @JsonProperty("cipher_suite") int cipherSuite,
        @JsonProperty("certificate") String certificate,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("revoked") boolean revoked,
        @JsonProperty("revoked_at") Long revokedAt,
        @JsonProperty("revocation_reason") String revocationReason,
        @JsonProperty("label") String label,
        @JsonProperty("platform") String platform) {

    static DeviceResponse forOwner(DeviceEntity device) {
        return new DeviceResponse(device.getDeviceId(), device.getDeviceKey(), device.getCipherSuite(),
                device.getCertificate(), device.getCreatedAt(), device.isRevoked(), device.getRevokedAt(),
                device.getRevocationReason(), device.getLabel(), device.getPlatform());
    }

    static DeviceResponse forDirectory(DeviceEntity device) {
        return new DeviceResponse(device.getDeviceId(), device.getDeviceKey(), device.getCipherSuite(),
                device.getCertificate(), device.getCreatedAt(), device.isRevoked(), device.getRevokedAt(),
                device.getRevocationReason(), null, null);
    }
}
