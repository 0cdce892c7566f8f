package dev.parley.client.mls;

import dev.parley.client.device.DeviceKeys;
import dev.parley.protocol.mls.tls.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.crypto.MlsCipherSuite;

/**
 * Makes this device's KeyPackages with bcmls (suite 1): the leaf's signature key is the device key, its basic
 * credential identity is {@code user_id + "/" + device_id} (UTF-8, what the gateway checks), and its lifetime
 * runs from {@link #BACKDATE} ago to {@link #LIFETIME} ahead (the gateway accepts at most 90 days by default).
 * Every call holds {@link MlsLock}.
 */
public final class KeyPackageFactory {

    public static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    /** How long a KeyPackage can be used. */
    public static final Duration LIFETIME = Duration.ofDays(60);
    /** Starts a little in the past, for clocks that run behind. */
    public static final Duration BACKDATE = Duration.ofMinutes(10);

    private KeyPackageFactory() {
    }

    /** The MLS credential identity of a device: {@code user_id + "/" + device_id} in UTF-8. */
    public static byte[] credentialIdentity(String userId, String deviceId) {
        return (userId + "/" + deviceId).getBytes(StandardCharsets.UTF_8);
    }

    public static List<GeneratedKeyPackage> generate(DeviceKeys keys, int count, boolean lastResort, Instant now) {
        return MlsLock.locked(() -> {
            List<GeneratedKeyPackage> generated = new ArrayList<>(count);
            byte[] signatureKey = keys.deviceSeed().toByteArray();
            Instant notBefore = now.minus(BACKDATE);
            Instant notAfter = now.plus(LIFETIME);
            LifeTime lifetime = lifetime(notBefore, notAfter);
            for (int i = 0; i < count; i++) {
                AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
                AsymmetricCipherKeyPair init = SUITE.getHPKE().generatePrivateKey();
                LeafNode leaf = leafNode(keys, encryption, lifetime);
                KeyPackage keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(init.getPublic()), leaf,
                        new ArrayList<Extension>(), signatureKey);
                byte[] ref = SUITE.refHash(MLSOutputStream.encode(keyPackage), "MLS 1.0 KeyPackage Reference");
                generated.add(new GeneratedKeyPackage(HexFormat.of().formatHex(ref),
                        Bytes.of(MLSOutputStream.encode(MLSMessage.keyPackage(keyPackage))),
                        Bytes.of(SUITE.getHPKE().serializePrivateKey(init.getPrivate())),
                        Bytes.of(SUITE.getHPKE().serializePublicKey(init.getPublic())),
                        Bytes.of(SUITE.getHPKE().serializePrivateKey(encryption.getPrivate())),
                        Bytes.of(SUITE.getHPKE().serializePublicKey(encryption.getPublic())),
                        notBefore, notAfter, lastResort));
            }
            return generated;
        });
    }

    /** A leaf of this device: its device key signs, its credential names {@code user_id/device_id}. */
    static LeafNode leafNode(DeviceKeys keys, AsymmetricCipherKeyPair encryption, LifeTime lifetime) throws Exception {
        return new LeafNode(SUITE, SUITE.getHPKE().serializePublicKey(encryption.getPublic()),
                keys.devicePublicKey().toByteArray(), Credential.forBasic(credentialIdentity(keys.userId(), keys.deviceId())),
                new Capabilities(), lifetime, new ArrayList<Extension>(), keys.deviceSeed().toByteArray());
    }

    /** A leaf lifetime starting now (less {@link #BACKDATE}) and lasting {@link #LIFETIME}. */
    static LifeTime lifetimeFrom(Instant now) throws java.io.IOException {
        return lifetime(now.minus(BACKDATE), now.plus(LIFETIME));
    }

    /** bcmls's LifeTime has no constructor taking times: decode it from its wire form (two uint64 seconds). */
    private static LifeTime lifetime(Instant notBefore, Instant notAfter) throws java.io.IOException {
        byte[] bytes = ByteBuffer.allocate(16).putLong(notBefore.getEpochSecond()).putLong(notAfter.getEpochSecond()).array();
        return (LifeTime) MLSInputStream.decode(bytes, LifeTime.class);
    }
}
