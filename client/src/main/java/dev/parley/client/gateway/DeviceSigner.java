package dev.parley.client.gateway;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * What signs the requests a client makes as one of its user's devices ({@code RequestProof}): the user the access
 * token stands for, the device, and the device's private key.
 */
public record DeviceSigner(String userId, String deviceId, PrivateKey privateKey) {

    public DeviceSigner {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "DeviceSigner[userId=" + userId + ", deviceId=" + deviceId + ", key hidden]";
    }
}
