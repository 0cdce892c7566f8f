package dev.parley.keycloak.device;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.tls.Bytes;

/**
 * A device registration as the client sent it, decoded.
 *
 * @param certificate        the identity key's signature over the {@code DeviceCertificateTBS}
 * @param challenge          a challenge from {@code POST challenges}
 * @param challengeSignature the device key's signature over the {@code DeviceProofTBS}
 */
public record DeviceRegistration(
        String deviceId,
        Bytes deviceKey,
        CipherSuite cipherSuite,
        String platform,
        String label,
        long createdAt,
        Bytes certificate,
        Bytes challenge,
        Bytes challengeSignature) {
}
