package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.util.Optional;

/**
 * A {@code LeafNode} (RFC 9420 §7.2) as received.
 *
 * <p>Invariants: {@code lifetime} is present exactly when {@code source} is {@link LeafNodeSource#KEY_PACKAGE},
 * {@code parentHash} exactly when it is {@link LeafNodeSource#COMMIT}; {@code raw} is the exact received encoding
 * and {@code signedContent} its prefix up to (excluding) the signature, which is what LeafNodeTBS starts with.
 */
public record LeafNode(
        Bytes encryptionKey,
        Bytes signatureKey,
        Credential credential,
        Capabilities capabilities,
        LeafNodeSource source,
        Optional<Lifetime> lifetime,
        Optional<Bytes> parentHash,
        Extensions extensions,
        Bytes signature,
        Bytes raw,
        Bytes signedContent) implements TreeNode {

    /** SignWithLabel label of the leaf node signature. */
    public static final String SIGNATURE_LABEL = "LeafNodeTBS";

    public static LeafNode read(TlsReader reader) {
        int start = reader.position();
        Bytes encryptionKey = reader.readOpaque("LeafNode.encryption_key");
        Bytes signatureKey = reader.readOpaque("LeafNode.signature_key");
        Credential credential = Credential.read(reader);
        Capabilities capabilities = Capabilities.read(reader);
        LeafNodeSource source = reader.readU8Enum(LeafNodeSource.class, "LeafNode.leaf_node_source");
        Optional<Lifetime> lifetime = source == LeafNodeSource.KEY_PACKAGE
                ? Optional.of(Lifetime.read(reader)) : Optional.empty();
        Optional<Bytes> parentHash = source == LeafNodeSource.COMMIT
                ? Optional.of(reader.readOpaque("LeafNode.parent_hash")) : Optional.empty();
        Extensions extensions = Extensions.read(reader, "LeafNode.extensions");
        Bytes signedContent = reader.bytesFrom(start);
        Bytes signature = reader.readOpaque("LeafNode.signature");
        return new LeafNode(encryptionKey, signatureKey, credential, capabilities, source, lifetime, parentHash,
                extensions, signature, reader.bytesFrom(start), signedContent);
    }

    /**
     * Reads a leaf node whose source must be {@code required}, as where the RFC fixes it (a KeyPackage's leaf
     * comes from a key package, an UpdatePath's from a commit, an Update proposal's from an update).
     */
    public static LeafNode readWithSource(TlsReader reader, LeafNodeSource required, String where) {
        int start = reader.position();
        LeafNode leaf = read(reader);
        if (leaf.source() != required) {
            throw reader.error(start, where + ": leaf_node_source must be " + required + ", got " + leaf.source());
        }
        return leaf;
    }

    /** LeafNodeTBS of a leaf from a key package: its signed content alone. */
    public Bytes tbs() {
        if (source != LeafNodeSource.KEY_PACKAGE) {
            throw new IllegalStateException("a " + source + " leaf is signed together with its group id and leaf"
                    + " index; use tbs(groupId, leafIndex)");
        }
        return signedContent;
    }

    /** LeafNodeTBS of a leaf from an update or a commit: signed content, {@code group_id<V>}, {@code uint32 leaf_index}. */
    public Bytes tbs(Bytes groupId, long leafIndex) {
        if (source == LeafNodeSource.KEY_PACKAGE) {
            throw new IllegalStateException("a KEY_PACKAGE leaf is signed without group context; use tbs()");
        }
        return new TlsWriter().writeRaw(signedContent).writeOpaque(groupId).writeU32(leafIndex).toBytes();
    }

    /** VerifyWithLabel of a key-package leaf's signature with its own signature key, over the received bytes. */
    public boolean verifySignature(CipherSuite suite) {
        return MlsCrypto.verifyWithLabel(suite, signatureKey, SIGNATURE_LABEL, tbs(), signature);
    }

    /** VerifyWithLabel of an update or commit leaf's signature, given where the leaf sits. */
    public boolean verifySignature(CipherSuite suite, Bytes groupId, long leafIndex) {
        return MlsCrypto.verifyWithLabel(suite, signatureKey, SIGNATURE_LABEL, tbs(groupId, leafIndex), signature);
    }
}
