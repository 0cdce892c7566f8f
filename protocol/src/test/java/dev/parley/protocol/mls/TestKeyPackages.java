package dev.parley.protocol.mls;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import dev.parley.protocol.mls.tree.CredentialType;
import dev.parley.protocol.mls.tree.Extension;
import dev.parley.protocol.mls.tree.LeafNode;
import dev.parley.protocol.mls.tree.LeafNodeSource;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

/**
 * Builds correctly signed suite-1 KeyPackages with {@link TlsWriter}, with knobs for what tests vary: the
 * KeyPackage extensions, the credential type and the leaf node source.
 */
final class TestKeyPackages {

    static final KeyPair SIGNER = generateSigner();

    private static final CipherSuite SUITE_1 = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

    private TestKeyPackages() {
    }

    static byte[] keyPackage(List<Extension> extensions) {
        return keyPackage(extensions, CredentialType.BASIC.code(), LeafNodeSource.KEY_PACKAGE.code());
    }

    /** A KeyPackage with {@code extensions}; basic and unknown credentials carry the identity "alice". */
    static byte[] keyPackage(List<Extension> extensions, int credentialType, int leafSource) {
        TlsWriter leafContent = new TlsWriter()
                .writeOpaque(Bytes.of(new byte[32]))
                .writeOpaque(Ed25519Keys.raw(SIGNER.getPublic()))
                .writeU16(credentialType);
        if (credentialType == CredentialType.X509.code()) {
            leafContent.writeVector(certificates -> certificates.writeOpaque(Bytes.fromHex("3082")));
        } else {
            leafContent.writeOpaque("alice");
        }
        leafContent
                .writeVector(versions -> versions.writeU16(1))
                .writeVector(suites -> suites.writeU16(1).writeU16(0x0a0a))
                .writeVector(types -> types.writeU16(Extension.LAST_RESORT).writeU16(0xff00))
                .writeVector(proposals -> { })
                .writeVector(credentials -> credentials.writeU16(1))
                .writeU8(leafSource);
        if (leafSource == LeafNodeSource.KEY_PACKAGE.code()) {
            leafContent.writeU64(0).writeU64(-1L);
        } else if (leafSource == LeafNodeSource.COMMIT.code()) {
            leafContent.writeOpaque(Bytes.EMPTY);
        }
        leafContent.writeVarInt(0);
        Bytes leafTbs = leafContent.toBytes();

        TlsWriter keyPackage = new TlsWriter()
                .writeU16(MlsVersion.MLS10)
                .writeU16(SUITE_1.code())
                .writeOpaque(Bytes.of(new byte[32]))
                .writeRaw(leafTbs)
                .writeOpaque(sign(LeafNode.SIGNATURE_LABEL, leafTbs))
                .writeVector(list -> extensions.forEach(extension ->
                        list.writeU16(extension.type()).writeOpaque(extension.data())));
        Bytes keyPackageTbs = keyPackage.toBytes();
        return new TlsWriter()
                .writeRaw(keyPackageTbs)
                .writeOpaque(sign(KeyPackage.SIGNATURE_LABEL, keyPackageTbs))
                .toBytes()
                .toByteArray();
    }

    /** {@code data} wrapped in an MLSMessage of wire format key_package. */
    static byte[] asMlsMessage(byte[] keyPackage) {
        return new TlsWriter().writeU16(MlsVersion.MLS10).writeU16(WireFormat.KEY_PACKAGE.code())
                .writeRaw(Bytes.of(keyPackage)).toBytes().toByteArray();
    }

    private static Bytes sign(String label, Bytes content) {
        return MlsCrypto.signWithLabel(SUITE_1, SIGNER.getPrivate(), label, content);
    }

    private static KeyPair generateSigner() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
