package dev.parley.protocol.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class DeviceCertificateTest {

    private static final Bytes DEVICE_KEY = Bytes.fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    @Test
    void toBeSignedIsTheLabelledTlsEncodingOfEveryField() {
        DeviceCertificate certificate = new DeviceCertificate("parley", "u1", "d1", DEVICE_KEY, 0x0102030405L);

        String label = Bytes.of(DeviceCertificate.LABEL.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
        assertThat(certificate.toBeSigned().hex()).isEqualTo(
                "1c" + label                      // opaque label<V>, 28 bytes
                + "06" + "7061726c6579"           // "parley"
                + "02" + "7531"                   // "u1"
                + "02" + "6431"                   // "d1"
                + "20" + DEVICE_KEY.hex()         // 32-byte key
                + "0000000102030405");            // uint64 created_at
    }

    @Test
    void verifiesWithTheIdentityKeyThatSignedIt() throws GeneralSecurityException {
        KeyPair identity = ed25519();
        DeviceCertificate certificate = new DeviceCertificate("parley", "u1", "d1", DEVICE_KEY, 1_700_000_000_000L);

        Bytes signature = certificate.sign(identity.getPrivate());

        assertThat(signature.length()).isEqualTo(64);
        assertThat(certificate.verify(Ed25519Keys.raw(identity.getPublic()), signature)).isTrue();
    }

    @Test
    void rejectsAnotherSignerAnyChangedFieldAndGarbage() throws GeneralSecurityException {
        KeyPair identity = ed25519();
        Bytes identityKey = Ed25519Keys.raw(identity.getPublic());
        DeviceCertificate certificate = new DeviceCertificate("parley", "u1", "d1", DEVICE_KEY, 5L);
        Bytes signature = certificate.sign(identity.getPrivate());

        assertThat(certificate.verify(Ed25519Keys.raw(ed25519().getPublic()), signature)).isFalse();
        assertThat(new DeviceCertificate("other", "u1", "d1", DEVICE_KEY, 5L).verify(identityKey, signature)).isFalse();
        assertThat(new DeviceCertificate("parley", "u2", "d1", DEVICE_KEY, 5L).verify(identityKey, signature)).isFalse();
        assertThat(new DeviceCertificate("parley", "u1", "d2", DEVICE_KEY, 5L).verify(identityKey, signature)).isFalse();
        assertThat(new DeviceCertificate("parley", "u1", "d1", identityKey, 5L).verify(identityKey, signature)).isFalse();
        assertThat(new DeviceCertificate("parley", "u1", "d1", DEVICE_KEY, 6L).verify(identityKey, signature)).isFalse();
        assertThat(certificate.verify(identityKey, Bytes.of(new byte[64]))).isFalse();
        assertThat(certificate.verify(identityKey, Bytes.of(new byte[3]))).isFalse();
        assertThat(certificate.verify(Bytes.of(new byte[5]), signature)).isFalse();
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> new DeviceCertificate("parley", "u1", "d1", Bytes.of(new byte[31]), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proofOfPossessionBindsChallengeUserAndDevice() throws GeneralSecurityException {
        KeyPair device = ed25519();
        Bytes deviceKey = Ed25519Keys.raw(device.getPublic());
        Bytes challenge = Bytes.fromHex("00112233445566778899aabbccddeeff");
        DeviceProof proof = new DeviceProof("parley", "u1", challenge, "d1", deviceKey);

        Bytes signature = proof.sign(device.getPrivate());

        assertThat(proof.verify(signature)).isTrue();
        assertThat(new DeviceProof("parley", "u2", challenge, "d1", deviceKey).verify(signature)).isFalse();
        assertThat(new DeviceProof("parley", "u1", Bytes.fromHex("00"), "d1", deviceKey).verify(signature)).isFalse();
        assertThat(new DeviceProof("parley", "u1", challenge, "d2", deviceKey).verify(signature)).isFalse();
        assertThat(new DeviceProof("parley", "u1", challenge, "d1", Ed25519Keys.raw(ed25519().getPublic()))
                .verify(signature)).isFalse();
    }

    @Test
    void fingerprintIsSha256OfTheRawKeyAndBase64UrlRoundTrips() {
        assertThat(IdentityKeys.fingerprint(DEVICE_KEY)).hasSize(64).matches("[0-9a-f]+");
        assertThat(IdentityKeys.fingerprint(DEVICE_KEY)).isEqualTo(IdentityKeys.fingerprint(DEVICE_KEY));
        assertThat(Base64Url.decode(Base64Url.encode(DEVICE_KEY))).isEqualTo(DEVICE_KEY);
        assertThat(Base64Url.encode(Bytes.fromHex("fbff"))).isEqualTo("-_8");
    }

    private static KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
}
