package dev.parley.bench;

import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
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
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.Group;

/**
 * The little MLS (bcmls, suite 1) the delivery benchmark needs, done as a real client does it: members make real
 * KeyPackages with their registered device keys; one group creator adds them by a commit with a Welcome and protects
 * application messages. Receivers never decrypt (the server never does either). bcmls is not thread-safe: every call
 * goes through one JVM-wide lock.
 */
final class BenchMls {

    private static final Object BCMLS = new Object();
    private static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A commit made but not applied: the gateway must accept it first. */
    record PendingCommit(Group successor, byte[] commit, byte[] welcome, byte[] groupInfo) {
    }

    /** A real KeyPackage (base64url MLSMessage) of the device {@code userId/deviceId} signed with its key. */
    static String keyPackage(String userId, String deviceId, KeyPair deviceKey) {
        return locked(() -> {
            byte[] signaturePrivate = rawPrivate(deviceKey);
            AsymmetricCipherKeyPair init = SUITE.getHPKE().generatePrivateKey();
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            KeyPackage keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(init.getPublic()),
                    leaf(userId, deviceId, deviceKey, encryption), new ArrayList<Extension>(), signaturePrivate);
            return Base64Url.encode(Bytes.of(MLSOutputStream.encode(MLSMessage.keyPackage(keyPackage))));
        });
    }

    private final String userId;
    private final String deviceId;
    private final KeyPair deviceKey;
    private Group group;

    /** Creates a one-member group (epoch 0) with {@code groupId}; the creator is at leaf 0. */
    BenchMls(String userId, String deviceId, KeyPair deviceKey, byte[] groupId) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.deviceKey = deviceKey;
        locked(() -> {
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            group = new Group(groupId, SUITE, encryption, rawPrivate(deviceKey), leaf(userId, deviceId, deviceKey, encryption),
                    new ArrayList<Extension>());
            return null;
        });
    }

    /** The group's GroupInfo of the current epoch (base64url MLSMessage): a new room's epoch-0 GroupInfo, tree inline. */
    String groupInfo() {
        return locked(() -> Base64Url.encode(Bytes.of(MLSOutputStream.encode(group.getGroupInfo(true)))));
    }

    /** A commit adding the holders of the claimed KeyPackages (base64url MLSMessages), with a Welcome. */
    PendingCommit commitAdds(List<String> claimed) {
        return locked(() -> {
            List<Proposal> proposals = new ArrayList<>();
            for (String message : claimed) {
                MLSMessage decoded = (MLSMessage) MLSInputStream.decode(Base64Url.decode(message).toByteArray(), MLSMessage.class);
                proposals.add(Proposal.add(decoded.keyPackage));
            }
            byte[] leafSecret = new byte[SUITE.getKDF().getHashLength()];
            RANDOM.nextBytes(leafSecret);
            Group.GroupWithMessage committed = group.commit(new Secret(leafSecret),
                    new Group.CommitOptions(proposals, true, false, null), new Group.MessageOptions(false, new byte[0], 0),
                    new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
            MLSMessage welcome = new MLSMessage(WireFormat.mls_welcome);
            welcome.welcome = committed.message.welcome;
            return new PendingCommit(committed.group, MLSOutputStream.encode(committed.message), MLSOutputStream.encode(welcome),
                    MLSOutputStream.encode(committed.group.getGroupInfo(false)));
        });
    }

    /** The gateway accepted the commit: the group moves to its next epoch. */
    void apply(PendingCommit pending) {
        locked(() -> {
            group = group.handle(pending.commit(), pending.successor());
            return null;
        });
    }

    /** The group's current epoch. */
    long epoch() {
        return locked(() -> group.getEpoch());
    }

    /** An application message (MLSMessage with a PrivateMessage) of the current epoch, base64url. */
    String protect(byte[] plaintext) {
        return locked(() -> Base64Url.encode(Bytes.of(MLSOutputStream.encode(group.protect(new byte[0], plaintext, 0)))));
    }

    private static LeafNode leaf(String userId, String deviceId, KeyPair deviceKey, AsymmetricCipherKeyPair encryption) throws Exception {
        Instant now = Instant.now();
        LifeTime lifetime = (LifeTime) MLSInputStream.decode(ByteBuffer.allocate(16)
                .putLong(now.minus(Duration.ofHours(1)).getEpochSecond())
                .putLong(now.plus(Duration.ofDays(30)).getEpochSecond()).array(), LifeTime.class);
        return new LeafNode(SUITE, SUITE.getHPKE().serializePublicKey(encryption.getPublic()),
                Ed25519Keys.raw(deviceKey.getPublic()).toByteArray(),
                Credential.forBasic((userId + "/" + deviceId).getBytes(StandardCharsets.UTF_8)), new Capabilities(),
                lifetime, new ArrayList<Extension>(), rawPrivate(deviceKey));
    }

    /** The raw 32-byte Ed25519 private key: the tail of its PKCS#8 encoding. */
    private static byte[] rawPrivate(KeyPair deviceKey) {
        byte[] pkcs8 = deviceKey.getPrivate().getEncoded();
        return Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
    }

    private static <T> T locked(Callable<T> call) {
        synchronized (BCMLS) {
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
