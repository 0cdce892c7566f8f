package dev.parley.protocol.mls.testing;

import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds real MLSMessage(KeyPackage)s for suite 1 with the JDK's Ed25519: every field of RFC 9420 §10, both
 * signatures by SignWithLabel. The init and encryption keys are random bytes (the Delivery Service never uses
 * them). Knobs make invalid ones. Shared with the gateway's tests through the protocol test-jar.
 */
public final class KeyPackageBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();

    public KeyPair signer;
    public byte[] identity;
    public int suite = 1;
    public int leafSource = 1;
    public long notBefore = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    public long notAfter = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
    public boolean breakLeafSignature;
    public boolean breakSignature;

    public KeyPackageBuilder(KeyPair signer, byte[] identity) {
        this.signer = signer;
        this.identity = identity;
    }

    /** The KeyPackage as a base64url MLSMessage, as clients upload it. */
    public String build() {
        CipherSuite suite1 = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
        Bytes leafContent = new TlsWriter()
                .writeOpaque(random(32))
                .writeOpaque(Ed25519Keys.raw(signer.getPublic()))
                .writeU16(1).writeOpaque(Bytes.of(identity))
                .writeVector(v -> v.writeU16(1))
                .writeVector(v -> v.writeU16(1))
                .writeVector(v -> { })
                .writeVector(v -> { })
                .writeVector(v -> v.writeU16(1))
                .writeU8(leafSource)
                .writeU64(notBefore).writeU64(notAfter)
                .writeVector(v -> { })
                .toBytes();
        Bytes leafSignature = MlsCrypto.signWithLabel(suite1, signer.getPrivate(), "LeafNodeTBS", leafContent);
        if (breakLeafSignature) {
            leafSignature = flip(leafSignature);
        }
        Bytes tbs = new TlsWriter()
                .writeU16(1).writeU16(suite)
                .writeOpaque(random(32))
                .writeRaw(leafContent).writeOpaque(leafSignature)
                .writeVector(v -> { })
                .toBytes();
        Bytes signature = MlsCrypto.signWithLabel(suite1, signer.getPrivate(), "KeyPackageTBS", tbs);
        if (breakSignature) {
            signature = flip(signature);
        }
        Bytes message = new TlsWriter().writeU16(1).writeU16(5).writeRaw(tbs).writeOpaque(signature).toBytes();
        return Base64Url.encode(message);
    }

    private static Bytes random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return Bytes.of(bytes);
    }

    private static Bytes flip(Bytes signature) {
        byte[] bytes = signature.toByteArray();
        bytes[0] ^= 1;
        return Bytes.of(bytes);
    }
}
