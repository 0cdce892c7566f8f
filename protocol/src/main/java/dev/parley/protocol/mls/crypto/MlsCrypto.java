package dev.parley.protocol.mls.crypto;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * The labelled signature and hash operations of RFC 9420 §5.1.2 and §5.2 that a Delivery Service needs,
 * for supported cipher suites only (suite 1: Ed25519 and SHA-256).
 *
 * <p>Every method throws {@link UnsupportedCipherSuiteException} for another suite, before looking at its inputs.
 */
public final class MlsCrypto {

    /** RefHash label of KeyPackageRef (RFC 9420 §5.2). */
    public static final String KEY_PACKAGE_REF_LABEL = "MLS 1.0 KeyPackage Reference";
    /** RefHash label of ProposalRef (RFC 9420 §5.2). */
    public static final String PROPOSAL_REF_LABEL = "MLS 1.0 Proposal Reference";

    /** Prefix that SignWithLabel adds to every label. */
    static final String SIGN_LABEL_PREFIX = "MLS 1.0 ";

    private MlsCrypto() {
    }

    /** {@code SignContent} (RFC 9420 §5.1.2): {@code opaque label<V> = "MLS 1.0 " + label; opaque content<V>}. */
    public static Bytes signContent(String label, Bytes content) {
        return new TlsWriter().writeOpaque(SIGN_LABEL_PREFIX + label).writeOpaque(content).toBytes();
    }

    /** SignWithLabel: Ed25519 over {@link #signContent}; deterministic, so the same inputs give the same signature. */
    public static Bytes signWithLabel(CipherSuite suite, PrivateKey signatureKey, String label, Bytes content) {
        suite.requireSupported();
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signatureKey);
            signer.update(signContent(label, content).toByteArray());
            return Bytes.of(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key", e);
        }
    }

    /**
     * VerifyWithLabel. A malformed public key or signature is reported as {@code false}, like a wrong signature:
     * for a Delivery Service all three mean "not signed by the claimed key".
     */
    public static boolean verifyWithLabel(CipherSuite suite, Bytes signaturePublicKey, String label, Bytes content,
            Bytes signature) {
        suite.requireSupported();
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(Ed25519Keys.publicKey(signaturePublicKey));
            verifier.update(signContent(label, content).toByteArray());
            return verifier.verify(signature.toByteArray());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** RefHash (RFC 9420 §5.2): the suite's hash of {@code opaque label<V>; opaque value<V>}. */
    public static Bytes refHash(CipherSuite suite, String label, Bytes value) {
        return hash(suite, new TlsWriter().writeOpaque(label).writeOpaque(value).toBytes());
    }

    /** The suite's hash function ({@code Hash} of RFC 9420 §5.1) over {@code input}. */
    public static Bytes hash(CipherSuite suite, Bytes input) {
        suite.requireSupported();
        try {
            return Bytes.of(MessageDigest.getInstance("SHA-256").digest(input.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
