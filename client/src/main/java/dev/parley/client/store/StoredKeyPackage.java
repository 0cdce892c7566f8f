package dev.parley.client.store;

import java.time.Instant;

/**
 * A KeyPackage this device generated.
 *
 * @param ref     KeyPackageRef, lowercase hex
 * @param message the MLSMessage(KeyPackage), base64url, as uploaded
 * @param secrets the private init and leaf encryption keys, sealed with the store key
 */
public record StoredKeyPackage(String ref, String message, byte[] secrets, boolean lastResort, State state,
                               Instant createdAt, Instant notAfter) {

    /** Where a KeyPackage stands. */
    public enum State {
        /** Generated and kept; the gateway has not confirmed the upload. */
        PENDING,
        /** The gateway holds it. */
        UPLOADED,
        /** A Welcome used it (one-time KeyPackages are used once). */
        USED
    }
}
