package dev.parley.gateway.domain.model.device;

import java.time.Instant;

/**
 * A device as the Authentication Service (Keycloak) registered it: whose it is, the Ed25519 signature key
 * that signs its MLS leaf nodes and its proofs of possession, the MLS credential identity its leaves must
 * carry, and whether it was revoked.
 *
 * @param userId            the Keycloak user id of the owner
 * @param deviceId          the id chosen at registration, unique per user
 * @param signatureKey      the raw 32-byte Ed25519 public key
 * @param credentialIdentity the identity bytes of the device's MLS basic credential
 * @param revoked           whether the device was revoked (it then may do nothing at all)
 * @param createdAt         when the device was registered
 */
public record DeviceRecord(
        String userId,
        String deviceId,
        byte[] signatureKey,
        byte[] credentialIdentity,
        boolean revoked,
        Instant createdAt) {
}
