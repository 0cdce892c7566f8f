package dev.parley.protocol.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.MlsDecodeException;
import dev.parley.protocol.mls.tree.Credential;
import dev.parley.protocol.mls.tree.CredentialType;
import dev.parley.protocol.mls.tree.Extension;
import dev.parley.protocol.mls.tree.LeafNodeSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPackageTest {

    private static final List<Extension> UNKNOWN_AND_LAST_RESORT = List.of(
            new Extension(0xff00, Bytes.fromHex("c0ffee")),
            new Extension(Extension.LAST_RESORT, Bytes.EMPTY),
            new Extension(0x0a0a, Bytes.fromHex("00")));

    @Test
    void carriesUnknownExtensionsUntouchedAndKeepsARefStableOverTheRawBytes() {
        byte[] encoded = TestKeyPackages.keyPackage(UNKNOWN_AND_LAST_RESORT);

        KeyPackage keyPackage = KeyPackage.parse(encoded);
        KeyPackage fromMessage = MlsMessage.parse(TestKeyPackages.asMlsMessage(encoded)).bodyAs(KeyPackage.class);

        assertThat(keyPackage.extensions().list()).isEqualTo(UNKNOWN_AND_LAST_RESORT);
        assertThat(keyPackage.extensions().contains(Extension.LAST_RESORT)).isTrue();
        assertThat(keyPackage.raw()).isEqualTo(Bytes.of(encoded));
        assertThat(keyPackage.verifySignatures()).isTrue();
        assertThat(keyPackage.ref())
                .isEqualTo(KeyPackage.parse(encoded).ref())
                .isEqualTo(fromMessage.ref());
        assertThat(keyPackage.ref().value()).isEqualTo(MlsCrypto.refHash(
                CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, "MLS 1.0 KeyPackage Reference",
                Bytes.of(encoded)));
        assertThat(keyPackage).isEqualTo(fromMessage);
    }

    @Test
    void exposesLeafNodeFields() {
        KeyPackage keyPackage = KeyPackage.parse(TestKeyPackages.keyPackage(List.of()));

        assertThat(keyPackage.leafNode().credential()).isEqualTo(new Credential.Basic(Bytes.of("alice".getBytes())));
        assertThat(keyPackage.leafNode().capabilities().cipherSuites()).containsExactly(1, 0x0a0a);
        assertThat(keyPackage.leafNode().capabilities().extensions()).containsExactly(Extension.LAST_RESORT, 0xff00);
        assertThat(keyPackage.leafNode().lifetime().orElseThrow().contains(1_700_000_000L)).isTrue();
        assertThat(keyPackage.leafNode().parentHash()).isEmpty();
    }

    @Test
    void flippedSignatureByteFailsVerification() {
        byte[] encoded = TestKeyPackages.keyPackage(UNKNOWN_AND_LAST_RESORT);
        encoded[encoded.length - 1] ^= 0x01;

        KeyPackage keyPackage = KeyPackage.parse(encoded);

        assertThat(keyPackage.verifyLeafSignature()).isTrue();
        assertThat(keyPackage.verifyKeyPackageSignature()).isFalse();
        assertThat(keyPackage.verifySignatures()).isFalse();
    }

    @Test
    void changedSignedByteFailsOnlyTheSignaturesCoveringIt() {
        byte[] encoded = TestKeyPackages.keyPackage(UNKNOWN_AND_LAST_RESORT);
        encoded[5] ^= 0x01; // first byte of init_key: covered by the KeyPackage signature only

        KeyPackage keyPackage = KeyPackage.parse(encoded);

        assertThat(keyPackage.verifyLeafSignature()).isTrue();
        assertThat(keyPackage.verifyKeyPackageSignature()).isFalse();
    }

    @Test
    void parsesX509Credential() {
        KeyPackage keyPackage = KeyPackage.parse(TestKeyPackages.keyPackage(List.of(), CredentialType.X509.code(),
                LeafNodeSource.KEY_PACKAGE.code()));

        assertThat(keyPackage.leafNode().credential())
                .isEqualTo(new Credential.X509(List.of(Bytes.fromHex("3082"))));
        assertThat(keyPackage.verifySignatures()).isTrue();
    }

    @Test
    void rejectsUnknownCredentialType() {
        byte[] encoded = TestKeyPackages.keyPackage(List.of(), 0x0a0a, LeafNodeSource.KEY_PACKAGE.code());

        assertThatThrownBy(() -> KeyPackage.parse(encoded))
                .isInstanceOf(MlsDecodeException.class)
                .hasMessageContaining("Credential.credential_type: unknown CredentialType value 2570");
    }

    @Test
    void rejectsLeafNodeNotFromAKeyPackage() {
        byte[] encoded = TestKeyPackages.keyPackage(List.of(), CredentialType.BASIC.code(),
                LeafNodeSource.COMMIT.code());

        assertThatThrownBy(() -> KeyPackage.parse(encoded))
                .isInstanceOf(MlsDecodeException.class)
                .hasMessageContaining("KeyPackage.leaf_node: leaf_node_source must be KEY_PACKAGE, got COMMIT");
    }

    @Test
    void rejectsDuplicateExtensionType() {
        byte[] encoded = TestKeyPackages.keyPackage(List.of(
                new Extension(0xff00, Bytes.EMPTY), new Extension(0xff00, Bytes.fromHex("01"))));

        assertThatThrownBy(() -> KeyPackage.parse(encoded))
                .isInstanceOf(MlsDecodeException.class)
                .hasMessageContaining("KeyPackage.extensions: extension type 0xff00 appears more than once");
    }

    @Test
    void rejectsTrailingByteAfterKeyPackage() {
        byte[] encoded = TestKeyPackages.keyPackage(List.of());
        byte[] withTrailing = java.util.Arrays.copyOf(encoded, encoded.length + 1);

        assertThatThrownBy(() -> KeyPackage.parse(withTrailing))
                .isInstanceOf(MlsDecodeException.class)
                .extracting(e -> ((MlsDecodeException) e).offset()).isEqualTo(encoded.length);
    }
}
