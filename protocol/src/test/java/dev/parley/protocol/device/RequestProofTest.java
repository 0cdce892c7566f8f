package dev.parley.protocol.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestProofTest {

    private static final Bytes EMPTY_SHA256 = Bytes.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    private static final Bytes NONCE = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void toBeSignedIsTheLabelledTlsEncodingOfEveryField() {
        RequestProof proof = new RequestProof("gw", "u1", "d1", "post", "/p?a=1", EMPTY_SHA256, 0x0102030405L, NONCE);

        assertThat(proof.method()).isEqualTo("POST");
        assertThat(proof.toBeSigned().hex()).isEqualTo(
                "17" + hex(RequestProof.LABEL)     // opaque label<V>, 23 bytes
                + "02" + hex("gw")
                + "02" + hex("u1")
                + "02" + hex("d1")
                + "04" + hex("POST")
                + "06" + hex("/p?a=1")
                + "20" + EMPTY_SHA256.hex()          // body_hash<V>, 32 bytes
                + "0000000102030405"                 // uint64 timestamp
                + "10" + NONCE.hex());               // nonce<V>, 16 bytes
    }

    @Test
    void theTargetIsTheRawPathAndQueryAndTheBodyHashIsSha256() {
        assertThat(RequestProof.target(URI.create("https://h:8443/parley/api/v1/conversations/a%2Fb/log?after=0&limit=100")))
                .isEqualTo("/parley/api/v1/conversations/a%2Fb/log?after=0&limit=100");
        assertThat(RequestProof.target(URI.create("https://h/parley/api/v1/key-packages/count")))
                .isEqualTo("/parley/api/v1/key-packages/count");
        assertThat(RequestProof.target(URI.create("https://h"))).isEqualTo("/");
        assertThat(RequestProof.bodyHash(null)).isEqualTo(EMPTY_SHA256);
        assertThat(RequestProof.bodyHash(new byte[0])).isEqualTo(EMPTY_SHA256);
        assertThat(RequestProof.bodyHash("abc".getBytes(StandardCharsets.UTF_8)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void headersCarryAProofThatVerifiesWithTheDeviceKeyOnly() throws GeneralSecurityException {
        KeyPair device = ed25519();
        byte[] body = "{\"seq\":42}".getBytes(StandardCharsets.UTF_8);
        RequestProof proof = RequestProof.of("gw", "u1", "d1", "POST", URI.create("https://h/parley/api/v1/conversations/c/ack"),
                body, Instant.ofEpochSecond(1_800_000_000L));

        Map<String, String> headers = proof.headers(device.getPrivate());

        assertThat(headers).containsEntry(RequestProof.DEVICE_HEADER, "d1")
                .containsEntry(RequestProof.TIMESTAMP_HEADER, "1800000000");
        Bytes nonce = Base64Url.decode(headers.get(RequestProof.NONCE_HEADER));
        assertThat(nonce.length()).isEqualTo(16);
        Bytes signature = Base64Url.decode(headers.get(RequestProof.SIGNATURE_HEADER));
        Bytes key = Ed25519Keys.raw(device.getPublic());
        RequestProof received = new RequestProof("gw", "u1", "d1", "POST", "/parley/api/v1/conversations/c/ack",
                RequestProof.bodyHash(body), 1_800_000_000L, nonce);
        assertThat(received.verify(key, signature)).isTrue();
        assertThat(received.verify(Ed25519Keys.raw(ed25519().getPublic()), signature)).isFalse();
        assertThat(received.verify(key, Bytes.of(new byte[64]))).isFalse();
        assertThat(received.verify(key, Bytes.of(new byte[3]))).isFalse();
    }

    @Test
    void anyChangedFieldBreaksTheSignature() throws GeneralSecurityException {
        KeyPair device = ed25519();
        Bytes key = Ed25519Keys.raw(device.getPublic());
        Bytes hash = RequestProof.bodyHash("{}".getBytes(StandardCharsets.UTF_8));
        RequestProof proof = new RequestProof("gw", "u1", "d1", "POST", "/a", hash, 5L, NONCE);
        Bytes signature = proof.sign(device.getPrivate());

        assertThat(proof.verify(key, signature)).isTrue();
        assertThat(new RequestProof("gw2", "u1", "d1", "POST", "/a", hash, 5L, NONCE).verify(key, signature)).isFalse();
        assertThat(new RequestProof("gw", "u2", "d1", "POST", "/a", hash, 5L, NONCE).verify(key, signature)).isFalse();
        assertThat(new RequestProof("gw", "u1", "d2", "POST", "/a", hash, 5L, NONCE).verify(key, signature)).isFalse();
        assertThat(new RequestProof("gw", "u1", "d1", "PUT", "/a", hash, 5L, NONCE).verify(key, signature)).isFalse();
        assertThat(new RequestProof("gw", "u1", "d1", "POST", "/a?x", hash, 5L, NONCE).verify(key, signature)).isFalse();
        assertThat(new RequestProof("gw", "u1", "d1", "POST", "/a", EMPTY_SHA256, 5L, NONCE).verify(key, signature)).isFalse();
        assertThat(new RequestProof("gw", "u1", "d1", "POST", "/a", hash, 6L, NONCE).verify(key, signature)).isFalse();
        assertThat(new RequestProof("gw", "u1", "d1", "POST", "/a", hash, 5L, Bytes.fromHex("00")).verify(key, signature)).isFalse();
        // a connect proof's signature is never a request proof's
        assertThat(proof.verify(key, new ConnectProof("gw", "u1", "d1", NONCE).sign(device.getPrivate()))).isFalse();
    }

    private static String hex(String utf8) {
        return Bytes.of(utf8.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private static KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
}
