package dev.parley.client.mls;

import dev.parley.protocol.mls.tls.Bytes;
import java.time.Instant;

/**
 * A KeyPackage fresh from {@link KeyPackageFactory}, with the private keys a Welcome to it needs.
 *
 * @param ref     KeyPackageRef, lowercase hex
 * @param message the MLSMessage(KeyPackage) bytes
 * @param initPrivateKey       HPKE (X25519) private key of {@code init_key}, bcmls serialization
 * @param initPublicKey        {@code init_key}
 * @param encryptionPrivateKey HPKE private key of the leaf's {@code encryption_key}
 * @param encryptionPublicKey  the leaf's {@code encryption_key}
 */
public record GeneratedKeyPackage(String ref, Bytes message, Bytes initPrivateKey, Bytes initPublicKey,
                                  Bytes encryptionPrivateKey, Bytes encryptionPublicKey, Instant notBefore,
                                  Instant notAfter, boolean lastResort) {

    @Override
    public String toString() {
        return "GeneratedKeyPackage[ref=" + ref + ", lastResort=" + lastResort + ", notAfter=" + notAfter + "]";
    }
}
