package dev.parley.protocol.mls;

import static dev.parley.protocol.mls.TestVectors.hex;
import static dev.parley.protocol.mls.TestVectors.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.crypto.UnsupportedCipherSuiteException;
import dev.parley.protocol.mls.tls.Bytes;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RefHash and Sign/VerifyWithLabel against {@code crypto-basics.json}, cipher suite 1. */
class CryptoBasicsVectorTest {

    private static final CipherSuite SUITE_1 = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

    private static final Map<String, Object> VECTOR = TestVectors.load("crypto-basics.json").stream()
            .filter(vector -> TestVectors.number(vector, "cipher_suite") == 1)
            .findFirst()
            .orElseThrow();

    @Test
    void refHashMatchesVector() {
        Map<String, Object> refHash = object(VECTOR, "ref_hash");
        Bytes out = MlsCrypto.refHash(SUITE_1, (String) refHash.get("label"), Bytes.of(hex(refHash, "value")));
        assertThat(out).isEqualTo(Bytes.of(hex(refHash, "out")));
    }

    @Test
    void vectorSignatureVerifies() {
        Map<String, Object> sign = object(VECTOR, "sign_with_label");
        assertThat(MlsCrypto.verifyWithLabel(SUITE_1, Bytes.of(hex(sign, "pub")), (String) sign.get("label"),
                Bytes.of(hex(sign, "content")), Bytes.of(hex(sign, "signature")))).isTrue();
    }

    @Test
    void signingReproducesVectorSignature() {
        Map<String, Object> sign = object(VECTOR, "sign_with_label");
        Bytes signature = MlsCrypto.signWithLabel(SUITE_1, Ed25519Keys.privateKey(Bytes.of(hex(sign, "priv"))),
                (String) sign.get("label"), Bytes.of(hex(sign, "content")));
        assertThat(signature).isEqualTo(Bytes.of(hex(sign, "signature")));
    }

    @Test
    void verificationFailsForOtherLabelContentOrKey() throws Exception {
        Map<String, Object> sign = object(VECTOR, "sign_with_label");
        Bytes pub = Bytes.of(hex(sign, "pub"));
        Bytes content = Bytes.of(hex(sign, "content"));
        Bytes signature = Bytes.of(hex(sign, "signature"));
        String label = (String) sign.get("label");
        PublicKey otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        assertThat(MlsCrypto.verifyWithLabel(SUITE_1, pub, label + "x", content, signature)).isFalse();
        assertThat(MlsCrypto.verifyWithLabel(SUITE_1, pub, label, Bytes.of(new byte[32]), signature)).isFalse();
        assertThat(MlsCrypto.verifyWithLabel(SUITE_1, Ed25519Keys.raw(otherKey), label, content, signature))
                .isFalse();
        assertThat(MlsCrypto.verifyWithLabel(SUITE_1, Bytes.of(new byte[5]), label, content, signature)).isFalse();
        assertThat(MlsCrypto.verifyWithLabel(SUITE_1, pub, label, content, Bytes.of(new byte[3]))).isFalse();
    }

    @Test
    void rawPublicKeyRoundTrips() throws Exception {
        Bytes pub = Bytes.of(hex(object(VECTOR, "sign_with_label"), "pub"));
        assertThat(Ed25519Keys.raw(Ed25519Keys.publicKey(pub))).isEqualTo(pub);
    }

    @Test
    void otherSuitesAreRejected() {
        CipherSuite p256 = new CipherSuite(2);
        assertThat(p256.isSupported()).isFalse();
        assertThat(p256.displayName()).isEqualTo("MLS_128_DHKEMP256_AES128GCM_SHA256_P256");
        assertThat(new CipherSuite(0x0a0a).displayName()).isEqualTo("unknown(0x0a0a)");
        assertThatThrownBy(() -> MlsCrypto.refHash(p256, "RefHash", Bytes.EMPTY))
                .isInstanceOf(UnsupportedCipherSuiteException.class);
        assertThatThrownBy(() -> MlsCrypto.verifyWithLabel(p256, Bytes.EMPTY, "x", Bytes.EMPTY, Bytes.EMPTY))
                .isInstanceOf(UnsupportedCipherSuiteException.class);
    }
}
