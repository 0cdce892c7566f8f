package dev.parley.protocol.mls;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;

/**
 * One MLS client of Bouncy Castle's implementation (bcmls, test scope only): HPKE keys for init and leaf, a signature
 * key pair, a leaf node and a KeyPackage. bcmls objects are not thread-safe: each test builds its own. Shared with the
 * gateway's tests through this module's test-jar.
 */
public final class BcmlsDevice {

    public static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    private static final SecureRandom RANDOM = new SecureRandom();

    public final AsymmetricCipherKeyPair hpke = SUITE.getHPKE().generatePrivateKey();
    public final AsymmetricCipherKeyPair init = SUITE.getHPKE().generatePrivateKey();
    public final AsymmetricCipherKeyPair signing;
    public final byte[] signatureKey;
    public final LeafNode leaf;
    public final KeyPackage keyPackage;

    public BcmlsDevice(String name) throws Exception {
        signing = SUITE.generateSignatureKeyPair();
        signatureKey = SUITE.serializeSignaturePrivateKey(signing.getPrivate());
        leaf = new LeafNode(SUITE, SUITE.getHPKE().serializePublicKey(hpke.getPublic()),
                SUITE.serializeSignaturePublicKey(signing.getPublic()),
                Credential.forBasic(name.getBytes(StandardCharsets.UTF_8)), new Capabilities(), new LifeTime(),
                new ArrayList<Extension>(), signatureKey);
        keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(init.getPublic()), leaf,
                new ArrayList<Extension>(), signatureKey);
    }

    public static Secret randomSecret() {
        byte[] bytes = new byte[SUITE.getKDF().getHashLength()];
        RANDOM.nextBytes(bytes);
        return new Secret(bytes);
    }
}
