package dev.parley.protocol.device;

import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/** Plain Ed25519 (RFC 8032) over Parley's labelled to-be-signed structures. */
final class Ed25519Signatures {

    private Ed25519Signatures() {
    }

    static Bytes sign(PrivateKey key, Bytes toBeSigned) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(toBeSigned.toByteArray());
            return Bytes.of(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an Ed25519 private key is required)", e);
        }
    }

    /** A malformed key or signature verifies as {@code false}, like a wrong one: all mean "not signed by it". */
    static boolean verify(Bytes publicKey, Bytes toBeSigned, Bytes signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(Ed25519Keys.publicKey(publicKey));
            verifier.update(toBeSigned.toByteArray());
            return verifier.verify(signature.toByteArray());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
