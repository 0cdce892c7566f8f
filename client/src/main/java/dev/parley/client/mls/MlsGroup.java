package dev.parley.client.mls;

import dev.parley.client.device.DeviceKeys;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.Credential;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.Group;

import static dev.parley.client.mls.KeyPackageFactory.SUITE;

/**
 * One conversation's MLS group as this device holds it (bcmls, suite 1): the current epoch's state and the previous
 * epoch's, kept for messages sent just before a commit. Every bcmls call holds {@link MlsLock}. A commit this device
 * makes is not applied here: the caller keeps the {@link PendingCommit} until the gateway accepted it (echo before
 * apply), then calls {@link #applyOwn}. Application messages are UTF-8 agnostic bytes; authenticated data is empty.
 */
public final class MlsGroup {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A member of the group as its ratchet tree says: leaf, credential identity and MLS signature key. */
    public record Member(long leaf, String userId, String deviceId, Bytes signatureKey) {
    }

    /**
     * A commit of this device, not applied yet.
     *
     * @param successor the state after the commit
     * @param commit    MLSMessage(PublicMessage)
     * @param welcome   MLSMessage(Welcome), or null when nobody is added
     * @param groupInfo MLSMessage(GroupInfo) of the new epoch, ratchet tree inline
     */
    public record PendingCommit(Group successor, byte[] commit, byte[] welcome, byte[] groupInfo) {
    }

    private Group current;
    private Group previous;

    private MlsGroup(Group current, Group previous) {
        this.current = current;
        this.previous = previous;
    }

    /** A new group (epoch 0) with this device alone at leaf 0. */
    public static MlsGroup create(DeviceKeys keys, byte[] groupId, Instant now) {
        return MlsLock.locked(() -> {
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            LeafNode leaf = KeyPackageFactory.leafNode(keys, encryption, KeyPackageFactory.lifetimeFrom(now));
            return new MlsGroup(new Group(groupId, SUITE, encryption, keys.deviceSeed().toByteArray(), leaf,
                    new ArrayList<Extension>()), null);
        });
    }

    /** Joins from a Welcome to {@code keyPackage}, one of this device's (ratchet tree inline). */
    public static MlsGroup join(DeviceKeys keys, byte[] welcome, GeneratedKeyPackage keyPackage) {
        return MlsLock.locked(() -> {
            MLSMessage message = (MLSMessage) MLSInputStream.decode(welcome, MLSMessage.class);
            MLSMessage ownPackage = (MLSMessage) MLSInputStream.decode(keyPackage.message().toByteArray(), MLSMessage.class);
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().deserializePrivateKey(
                    keyPackage.encryptionPrivateKey().toByteArray(), keyPackage.encryptionPublicKey().toByteArray());
            Group joined = new Group(keyPackage.initPrivateKey().toByteArray(), encryption, keys.deviceSeed().toByteArray(),
                    ownPackage.keyPackage, message.welcome, null, new HashMap<>(), new HashMap<>());
            return new MlsGroup(joined, null);
        });
    }

    /**
     * An external commit (RFC 9420 §12.4.3.2) into the group of {@code groupInfo} (ratchet tree inline) that removes
     * this device's old leaf: how a device that lost its state gets back in. Apply with {@link #fromExternal}.
     */
    public static PendingCommit externalRejoin(DeviceKeys keys, byte[] groupInfo, long oldLeaf, Instant now) {
        return MlsLock.locked(() -> {
            MLSMessage info = (MLSMessage) MLSInputStream.decode(groupInfo, MLSMessage.class);
            Ed25519PrivateKeyParameters signing = new Ed25519PrivateKeyParameters(keys.deviceSeed().toByteArray());
            AsymmetricCipherKeyPair init = SUITE.getHPKE().generatePrivateKey();
            AsymmetricCipherKeyPair encryption = SUITE.getHPKE().generatePrivateKey();
            KeyPackage keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(init.getPublic()),
                    KeyPackageFactory.leafNode(keys, encryption, KeyPackageFactory.lifetimeFrom(now)),
                    new ArrayList<Extension>(), keys.deviceSeed().toByteArray());
            Group.GroupWithMessage joined = Group.externalJoin(new Secret(leafSecret()),
                    new AsymmetricCipherKeyPair(signing.generatePublicKey(), signing), keyPackage, info.groupInfo, null,
                    new Group.MessageOptions(false, new byte[0], 0), new LeafIndex((int) oldLeaf), new HashMap<>());
            return new PendingCommit(joined.group, MLSOutputStream.encode(joined.message), null,
                    MLSOutputStream.encode(joined.group.getGroupInfo(true)));
        });
    }

    /** The group after the gateway accepted this device's external commit. */
    public static MlsGroup fromExternal(PendingCommit accepted) {
        return new MlsGroup(accepted.successor(), null);
    }

    /** The group from {@link #encodeCurrent()} and {@link #encodePrevious()} (null if none). */
    public static MlsGroup restore(byte[] current, byte[] previous) {
        return new MlsGroup(GroupStateCodec.decode(current), previous == null ? null : GroupStateCodec.decode(previous));
    }

    public byte[] encodeCurrent() {
        return GroupStateCodec.encode(current);
    }

    /** The previous epoch's state, or null. */
    public byte[] encodePrevious() {
        return previous == null ? null : GroupStateCodec.encode(previous);
    }

    /** The GroupInfo of the current epoch, ratchet tree inline. */
    public byte[] groupInfo() {
        return MlsLock.locked(() -> MLSOutputStream.encode(current.getGroupInfo(true)));
    }

    /** A commit adding the holders of {@code keyPackages} (MLSMessage(KeyPackage) bytes) and removing {@code leaves}. */
    public PendingCommit commit(List<byte[]> keyPackages, List<Long> removedLeaves) {
        return MlsLock.locked(() -> {
            List<Proposal> proposals = new ArrayList<>();
            for (long leaf : removedLeaves) {
                proposals.add(Proposal.remove(new LeafIndex((int) leaf)));
            }
            for (byte[] keyPackage : keyPackages) {
                proposals.add(Proposal.add(((MLSMessage) MLSInputStream.decode(keyPackage, MLSMessage.class)).keyPackage));
            }
            Group.GroupWithMessage committed = current.commit(new Secret(leafSecret()),
                    new Group.CommitOptions(proposals, true, false, null), new Group.MessageOptions(false, new byte[0], 0),
                    new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
            byte[] welcome = null;
            if (committed.message.welcome != null && !keyPackages.isEmpty()) {
                MLSMessage welcomeMessage = new MLSMessage(WireFormat.mls_welcome);
                welcomeMessage.welcome = committed.message.welcome;
                welcome = MLSOutputStream.encode(welcomeMessage);
            }
            return new PendingCommit(committed.group, MLSOutputStream.encode(committed.message), welcome,
                    MLSOutputStream.encode(committed.group.getGroupInfo(true)));
        });
    }

    /** The gateway accepted this device's {@code commit}: move to its successor state. */
    public void applyOwn(byte[] commit, Group successor) {
        MlsLock.locked(() -> {
            Group next = current.handle(commit, successor);
            previous = current;
            current = next;
            return null;
        });
    }

    /** Processes another member's commit. */
    public void handleCommit(byte[] commit) {
        MlsLock.locked(() -> {
            Group next = current.handle(commit, null);
            if (next == null) {
                throw new MlsException("the commit produced no new state", null);
            }
            previous = current;
            current = next;
            return null;
        });
    }

    /** An application message (PrivateMessage) of the current epoch. */
    public byte[] protect(byte[] plaintext) {
        return MlsLock.locked(() -> MLSOutputStream.encode(current.protect(new byte[0], plaintext, 0)));
    }

    /** The plaintext of an application message of the current or the previous epoch. */
    public byte[] unprotect(byte[] message) {
        return MlsLock.locked(() -> {
            MLSMessage decoded = (MLSMessage) MLSInputStream.decode(message, MLSMessage.class);
            Group state = decoded.getEpoch() == current.getEpoch() ? current
                    : previous != null && decoded.getEpoch() == previous.getEpoch() ? previous : null;
            if (state == null) {
                throw new MlsException("the message is of epoch " + decoded.getEpoch() + ", this device holds epoch "
                        + current.getEpoch(), null);
            }
            return state.unprotect(decoded)[1];
        });
    }

    public long epoch() {
        return MlsLock.locked(() -> current.getEpoch());
    }

    public long leaf() {
        return MlsLock.locked(() -> (long) current.getIndex().value());
    }

    public byte[] groupId() {
        return MlsLock.locked(() -> current.getGroupID().clone());
    }

    public byte[] epochAuthenticator() {
        return MlsLock.locked(() -> current.getEpochAuthenticator());
    }

    /** The members by leaf, read from the ratchet tree (credential identity {@code user_id/device_id}). */
    public List<Member> members() {
        return MlsLock.locked(() -> {
            TreeKEMPublicKey tree = current.getTree();
            List<Member> members = new ArrayList<>();
            for (long leaf = 0; leaf < tree.getSize().leafCount(); leaf++) {
                LeafNode node = tree.getLeafNode(new LeafIndex((int) leaf));
                if (node == null) {
                    continue;
                }
                var parsed = TlsReader.readExactly(MLSOutputStream.encode(node), dev.parley.protocol.mls.tree.LeafNode::read);
                String identity = parsed.credential() instanceof Credential.Basic basic
                        ? new String(basic.identity().toByteArray(), StandardCharsets.UTF_8) : "";
                int slash = identity.indexOf('/');
                members.add(new Member(leaf, slash < 0 ? identity : identity.substring(0, slash),
                        slash < 0 ? "" : identity.substring(slash + 1), parsed.signatureKey()));
            }
            return members;
        });
    }

    /** Whether the commit (MLSMessage(PublicMessage)) removes this device's leaf. */
    public boolean removesMe(byte[] commit) {
        long me = leaf();
        PublicMessage message = MlsMessage.parse(commit).bodyAs(PublicMessage.class);
        return message.removedLeaves().contains(me);
    }

    private static byte[] leafSecret() {
        byte[] secret = new byte[SUITE.getKDF().getHashLength()];
        RANDOM.nextBytes(secret);
        return secret;
    }
}
