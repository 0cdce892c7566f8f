package dev.parley.it;

import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
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
 * A real MLS client (Bouncy Castle bcmls) for one registered device: its MLS signature key is the device key the
 * Authentication Service holds, its credential identity {@code user_id/device_id}. bcmls is not thread-safe, so every
 * call into it goes through one JVM-wide lock. A device keeps the state of the previous epoch too, for late messages.
 */
final class MlsDevice {

    private static final Object BCMLS = new Object();
    private static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A commit this device made, not applied yet: the gateway must accept it first. */
    record PendingCommit(Group successor, byte[] commit, byte[] welcome, byte[] groupInfo) {
    }

    private record KeyPackageSecrets(AsymmetricCipherKeyPair init, AsymmetricCipherKeyPair encryption, KeyPackage keyPackage) {
    }

    final AuthService.User user;
    final String deviceId;
    /** The device key registered with the Authentication Service (signs connect proofs). */
    final KeyPair deviceKey;
    private final byte[] signaturePrivate;
    private final byte[] signaturePublic;
    private final Map<String, KeyPackageSecrets> keyPackages = new HashMap<>();
    private Group group;
    private Group previous;

    /** What signs the REST requests this device makes. */
    HttpCalls.Signer signer() {
        return new HttpCalls.Signer(user.id(), deviceId, deviceKey.getPrivate());
    }

    MlsDevice(AuthService.User user, String deviceId, KeyPair deviceKey) {
        this.user = user;
        this.deviceId = deviceId;
        this.deviceKey = deviceKey;
        byte[] pkcs8 = deviceKey.getPrivate().getEncoded();
        this.signaturePrivate = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        this.signaturePublic = dev.parley.protocol.mls.crypto.Ed25519Keys.raw(deviceKey.getPublic()).toByteArray();
    }

    /** Registers a new device of {@code user} with the Authentication Service. */
    static MlsDevice register(AuthService auth, AuthService.User user, String deviceId) {
        return new MlsDevice(user, deviceId, auth.registerDevice(user, deviceId));
    }

    /** The same device after it lost its MLS state (a reinstall, a lost disk): same key, no group. */
    MlsDevice withLostState() {
        return new MlsDevice(user, deviceId, deviceKey);
    }

    /**
     * An external commit (RFC 9420 §12.4.3.2) that re-joins the group of {@code groupInfoMessage} (with the ratchet
     * tree inline) and removes this device's old leaf.
     */
    PendingCommit externalRejoin(byte[] groupInfoMessage, long oldLeaf) {
        return locked(() -> {
            MLSMessage groupInfo = (MLSMessage) MLSInputStream.decode(groupInfoMessage, MLSMessage.class);
            Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(signaturePrivate);
            AsymmetricCipherKeyPair signing = new AsymmetricCipherKeyPair(privateKey.generatePublicKey(), privateKey);
            AsymmetricCipherKeyPair init = SUITE.getHPKE().generatePrivateKey();
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            KeyPackage keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(init.getPublic()),
                    leaf(encryption), new ArrayList<Extension>(), signaturePrivate);
            byte[] leafSecret = new byte[SUITE.getKDF().getHashLength()];
            RANDOM.nextBytes(leafSecret);
            Group.GroupWithMessage joined = Group.externalJoin(new Secret(leafSecret), signing, keyPackage,
                    groupInfo.groupInfo, null, new Group.MessageOptions(false, new byte[0], 0),
                    new LeafIndex((int) oldLeaf), new HashMap<>());
            return new PendingCommit(joined.group, MLSOutputStream.encode(joined.message), null,
                    MLSOutputStream.encode(joined.group.getGroupInfo(true)));
        });
    }

    /** The gateway accepted this device's external commit: the joined state is the group from now on. */
    void applyExternal(PendingCommit pending) {
        locked(() -> {
            previous = null;
            group = pending.successor();
            return null;
        });
    }

    /** {@code count} fresh KeyPackages (base64url MLSMessages), valid for 30 days. */
    List<String> newKeyPackages(int count) {
        return locked(() -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                AsymmetricCipherKeyPair init = SUITE.getHPKE().generatePrivateKey();
                AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
                KeyPackage keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(init.getPublic()),
                        leaf(encryption), new ArrayList<Extension>(), signaturePrivate);
                byte[] encoded = MLSOutputStream.encode(keyPackage);
                keyPackages.put(Bytes.of(SUITE.refHash(encoded, "MLS 1.0 KeyPackage Reference")).hex(),
                        new KeyPackageSecrets(init, encryption, keyPackage));
                out.add(Base64Url.encode(Bytes.of(MLSOutputStream.encode(MLSMessage.keyPackage(keyPackage)))));
            }
            return out;
        });
    }

    /**
     * A claimed KeyPackage (base64url MLSMessage) as bcmls reads it, after bcmls verified its signatures (KeyPackageTBS
     * and LeafNodeTBS); made by any client, e.g. a browser.
     */
    static KeyPackage verifiedKeyPackage(String message) {
        return locked(() -> {
            MLSMessage decoded = (MLSMessage) MLSInputStream.decode(Base64Url.decode(message).toByteArray(), MLSMessage.class);
            if (decoded.wireFormat != WireFormat.mls_key_package || !decoded.keyPackage.verify()) {
                throw new IllegalStateException("not a KeyPackage whose signatures verify with bcmls");
            }
            return decoded.keyPackage;
        });
    }

    /** Creates a one-member group (epoch 0) with this device at leaf 0; returns its GroupInfo. */
    byte[] createGroup(byte[] groupId) {
        return locked(() -> {
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            group = new Group(groupId, SUITE, encryption, signaturePrivate, leaf(encryption), new ArrayList<Extension>());
            return MLSOutputStream.encode(group.getGroupInfo(true));
        });
    }

    /** The epoch-0 GroupInfo of a new group of this device that it does not keep (for conversations it never uses). */
    byte[] throwawayGroupInfo(byte[] groupId) {
        return locked(() -> {
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            Group throwaway = new Group(groupId, SUITE, encryption, signaturePrivate, leaf(encryption), new ArrayList<Extension>());
            return MLSOutputStream.encode(throwaway.getGroupInfo(true));
        });
    }

    /** The GroupInfo of the current epoch. */
    byte[] createGroupInfo() {
        return locked(() -> MLSOutputStream.encode(group.getGroupInfo(false)));
    }

    /** A commit adding the holders of {@code keyPackages} (base64url MLSMessages as claimed). */
    PendingCommit commitAdds(List<String> claimed) {
        return locked(() -> {
            List<Proposal> proposals = new ArrayList<>();
            for (String message : claimed) {
                MLSMessage decoded = (MLSMessage) MLSInputStream.decode(Base64Url.decode(message).toByteArray(), MLSMessage.class);
                proposals.add(Proposal.add(decoded.keyPackage));
            }
            return commit(proposals, false);
        });
    }

    /** A commit removing the members at {@code leaves}. */
    PendingCommit commitRemoves(long... leaves) {
        return locked(() -> {
            List<Proposal> proposals = new ArrayList<>();
            for (long leaf : leaves) {
                proposals.add(Proposal.remove(new LeafIndex((int) leaf)));
            }
            return commit(proposals, false);
        });
    }

    /** An empty commit with an update path: a new epoch and fresh keys. */
    PendingCommit commitUpdate() {
        return locked(() -> commit(new ArrayList<>(), true));
    }

    /** The gateway accepted this device's commit: move to the successor state. */
    void applyOwn(PendingCommit pending) {
        locked(() -> {
            Group next = group.handle(pending.commit(), pending.successor());
            previous = group;
            group = next;
            return null;
        });
    }

    /** Processes another member's commit. */
    void handleCommit(byte[] commit) {
        locked(() -> {
            Group next = group.handle(commit, null);
            if (next == null) {
                throw new IllegalStateException("the commit produced no new state");
            }
            previous = group;
            group = next;
            return null;
        });
    }

    /** Joins from a Welcome addressed to one of this device's KeyPackages (ratchet tree inline). */
    void join(byte[] welcomeMessage) {
        locked(() -> {
            MLSMessage message = (MLSMessage) MLSInputStream.decode(welcomeMessage, MLSMessage.class);
            for (KeyPackageSecrets secrets : keyPackages.values()) {
                try {
                    group = new Group(SUITE.getHPKE().serializePrivateKey(secrets.init().getPrivate()), secrets.encryption(),
                            signaturePrivate, secrets.keyPackage(), message.welcome, null, new HashMap<>(), new HashMap<>());
                    return null;
                } catch (Exception notMine) {
                    // the Welcome is for another of this device's KeyPackages
                }
            }
            throw new IllegalStateException("no KeyPackage of " + deviceId + " opens this Welcome");
        });
    }

    /** An application message (PrivateMessage) of the current epoch. */
    byte[] protect(String text) {
        return locked(() -> MLSOutputStream.encode(group.protect(new byte[0], text.getBytes(StandardCharsets.UTF_8), 0)));
    }

    /** The plaintext of an application message of the current or the previous epoch. */
    String unprotect(byte[] message) {
        return locked(() -> {
            MLSMessage decoded = (MLSMessage) MLSInputStream.decode(message, MLSMessage.class);
            Group state = decoded.getEpoch() == group.getEpoch() ? group : previous;
            return new String(state.unprotect(decoded)[1], StandardCharsets.UTF_8);
        });
    }

    long epoch() {
        return locked(() -> group.getEpoch());
    }

    long leaf() {
        return locked(() -> (long) group.getIndex().value());
    }

    byte[] epochAuthenticator() {
        return locked(() -> group.getEpochAuthenticator());
    }

    private PendingCommit commit(List<Proposal> proposals, boolean forcePath) throws Exception {
        byte[] leafSecret = new byte[SUITE.getKDF().getHashLength()];
        RANDOM.nextBytes(leafSecret);
        Group.GroupWithMessage committed = group.commit(new Secret(leafSecret),
                new Group.CommitOptions(proposals, true, forcePath, null), new Group.MessageOptions(false, new byte[0], 0),
                new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
        byte[] commit = MLSOutputStream.encode(committed.message);
        byte[] welcome = null;
        if (committed.message.welcome != null) {
            MLSMessage welcomeMessage = new MLSMessage(WireFormat.mls_welcome);
            welcomeMessage.welcome = committed.message.welcome;
            welcome = MLSOutputStream.encode(welcomeMessage);
        }
        return new PendingCommit(committed.group, commit, welcome, MLSOutputStream.encode(committed.group.getGroupInfo(true)));
    }

    private LeafNode leaf(AsymmetricCipherKeyPair encryption) throws Exception {
        return new LeafNode(SUITE, SUITE.getHPKE().serializePublicKey(encryption.getPublic()), signaturePublic,
                Credential.forBasic((user.id() + "/" + deviceId).getBytes(StandardCharsets.UTF_8)), new Capabilities(),
                lifetime(), new ArrayList<Extension>(), signaturePrivate);
    }

    private static LifeTime lifetime() throws Exception {
        Instant now = Instant.now();
        byte[] bytes = ByteBuffer.allocate(16).putLong(now.minus(Duration.ofHours(1)).getEpochSecond())
                .putLong(now.plus(Duration.ofDays(30)).getEpochSecond()).array();
        return (LifeTime) MLSInputStream.decode(bytes, LifeTime.class);
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
