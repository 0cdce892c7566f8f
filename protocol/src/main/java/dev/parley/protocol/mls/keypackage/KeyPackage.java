package dev.parley.protocol.mls.keypackage;

import dev.parley.protocol.mls.MlsMessageBody;
import dev.parley.protocol.mls.MlsVersion;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.Extensions;
import dev.parley.protocol.mls.tree.LeafNode;
import dev.parley.protocol.mls.tree.LeafNodeSource;

/**
 * A {@code KeyPackage} (RFC 9420 §10) as received.
 *
 * <p>Invariants: {@code version} is mls10; the leaf node's source is {@code key_package}; {@code raw} is the exact
 * received encoding and {@code signedContent} (KeyPackageTBS) is {@code raw} without the final signature vector.
 * Signatures and the reference are computed over these received bytes, never over a re-encoding.
 */
public record KeyPackage(
        int version,
        CipherSuite cipherSuite,
        Bytes initKey,
        LeafNode leafNode,
        Extensions extensions,
        Bytes signature,
        Bytes raw,
        Bytes signedContent) implements MlsMessageBody {

    /** SignWithLabel label of the KeyPackage signature. */
    public static final String SIGNATURE_LABEL = "KeyPackageTBS";

    /** Parses bytes that must be exactly one KeyPackage (not wrapped in an MLSMessage). */
    public static KeyPackage parse(byte[] data) {
        return TlsReader.readExactly(data, KeyPackage::read);
    }

    public static KeyPackage read(TlsReader reader) {
        int start = reader.position();
        int version = MlsVersion.readMls10(reader, "KeyPackage.version");
        CipherSuite cipherSuite = CipherSuite.read(reader, "KeyPackage.cipher_suite");
        Bytes initKey = reader.readOpaque("KeyPackage.init_key");
        LeafNode leafNode = LeafNode.readWithSource(reader, LeafNodeSource.KEY_PACKAGE, "KeyPackage.leaf_node");
        Extensions extensions = Extensions.read(reader, "KeyPackage.extensions");
        Bytes signedContent = reader.bytesFrom(start);
        Bytes signature = reader.readOpaque("KeyPackage.signature");
        return new KeyPackage(version, cipherSuite, initKey, leafNode, extensions, signature,
                reader.bytesFrom(start), signedContent);
    }

    /** VerifyWithLabel(leaf signature key, "LeafNodeTBS", received leaf node content). */
    public boolean verifyLeafSignature() {
        return leafNode.verifySignature(cipherSuite);
    }

    /** VerifyWithLabel(leaf signature key, "KeyPackageTBS", received KeyPackage without its signature). */
    public boolean verifyKeyPackageSignature() {
        return MlsCrypto.verifyWithLabel(cipherSuite, leafNode.signatureKey(), SIGNATURE_LABEL, signedContent,
                signature);
    }

    /** Both signatures: what a Delivery Service checks before storing a KeyPackage. */
    public boolean verifySignatures() {
        return verifyLeafSignature() && verifyKeyPackageSignature();
    }

    /** This KeyPackage's reference, over its received bytes. */
    public KeyPackageRef ref() {
        return KeyPackageRef.compute(cipherSuite, raw);
    }
}
