package dev.parley.protocol.device;

import dev.parley.protocol.mls.tls.Bytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** Identity-key helpers shared by the Authentication Service, the gateway and clients. */
public final class IdentityKeys {

    private IdentityKeys() {
    }

    /**
     * The fingerprint users compare and tokens carry: lowercase hex of SHA-256 over the raw 32-byte
     * Ed25519 identity public key.
     */
    public static String fingerprint(Bytes identityKey) {
        try {
            return Bytes.of(MessageDigest.getInstance("SHA-256").digest(identityKey.toByteArray())).hex();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
