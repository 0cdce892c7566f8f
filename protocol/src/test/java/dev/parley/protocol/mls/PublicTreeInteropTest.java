package dev.parley.protocol.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.framing.SenderType;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.PublicTree;
import dev.parley.protocol.mls.proposal.Commit;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.Extension;
import dev.parley.protocol.mls.tree.RatchetTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.protocol.Group;
import org.junit.jupiter.api.Test;

/**
 * {@link PublicTree} keeps the tree that real MLS clients (bcmls) keep: for every commit of a group's life (adds with
 * and without a path, an empty commit by another member, removes that truncate the tree, an external re-join), the
 * tree it computes from the previous epoch's tree and the commit alone is the one in the committer's GroupInfo, and
 * its tree hash is the GroupContext's {@code tree_hash}.
 */
class PublicTreeInteropTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    private static final byte[] GROUP_ID = "public-tree".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyEpochsTreeAndTreeHashFollowFromThePreviousTreeAndTheCommit() throws Exception {
        BcmlsDevice alice = new BcmlsDevice("alice");
        BcmlsDevice bob = new BcmlsDevice("bob");
        BcmlsDevice carol = new BcmlsDevice("carol");
        BcmlsDevice dave = new BcmlsDevice("dave");
        BcmlsDevice eve = new BcmlsDevice("eve");
        Group a = new Group(GROUP_ID, BcmlsDevice.SUITE, alice.hpke, alice.signatureKey, alice.leaf, new ArrayList<>());
        PublicTree tree = treeOf(a);
        assertThat(tree.leafCount()).isEqualTo(1);
        assertThat(tree.treeHash(SUITE)).isEqualTo(groupInfo(a).groupContext().treeHash());

        Group.GroupWithMessage addBobCarol = commit(a, List.of(Proposal.add(bob.keyPackage), Proposal.add(carol.keyPackage)), true);
        tree = checkedStep(tree, addBobCarol);
        a = addBobCarol.group;
        Group b = joined(bob, addBobCarol);
        Group c = joined(carol, addBobCarol);

        Group.GroupWithMessage addDaveWithoutPath = commit(a, List.of(Proposal.add(dave.keyPackage)), false);
        assertThat(parse(addDaveWithoutPath).content().commit().orElseThrow().path()).isEmpty();
        tree = checkedStep(tree, addDaveWithoutPath);
        a = addDaveWithoutPath.group;
        b = b.handle(encode(addDaveWithoutPath), null);
        c = c.handle(encode(addDaveWithoutPath), null);

        Group.GroupWithMessage bobsEmptyCommit = commit(b, List.of(), true);
        tree = checkedStep(tree, bobsEmptyCommit);
        a = a.handle(encode(bobsEmptyCommit), null);
        c = c.handle(encode(bobsEmptyCommit), null);

        Group.GroupWithMessage carolRemovesBob = commit(c, List.of(Proposal.remove(new LeafIndex(1))), true);
        tree = checkedStep(tree, carolRemovesBob);
        a = a.handle(encode(carolRemovesBob), null);

        Group.GroupWithMessage addEveIntoTheGap = commit(a, List.of(Proposal.add(eve.keyPackage)), false);
        tree = checkedStep(tree, addEveIntoTheGap);
        assertThat(tree.leaf(1).orElseThrow().signatureKey()).isEqualTo(parseLeafKey(eve));
        a = addEveIntoTheGap.group;

        Group.GroupWithMessage daveRejoins = Group.externalJoin(BcmlsDevice.randomSecret(), dave.signing,
                dave.keyPackage, groupInfoMessage(a).groupInfo, null,
                new Group.MessageOptions(false, new byte[0], 0), new LeafIndex(3), new HashMap<>());
        PublicMessage external = parse(daveRejoins);
        assertThat(external.content().sender().type()).isEqualTo(SenderType.NEW_MEMBER_COMMIT);
        PublicTree.Applied rejoined = tree.apply(external.content().commit().orElseThrow(), true, -1, SUITE,
                Bytes.of(GROUP_ID));
        assertThat(rejoined.committerLeaf()).isEqualTo(3);
        assertSameTree(rejoined.tree(), daveRejoins.group);
        tree = rejoined.tree();
        a = a.handle(encode(daveRejoins), null);

        Group.GroupWithMessage aliceRemovesCarolAndDave = commit(a,
                List.of(Proposal.remove(new LeafIndex(2)), Proposal.remove(new LeafIndex(3))), true);
        tree = checkedStep(tree, aliceRemovesCarolAndDave);
        assertThat(tree.leafCount()).as("the blank right half is truncated").isEqualTo(2);
    }

    @Test
    void aCommitBuiltOnAnotherTreeIsRefused() throws Exception {
        BcmlsDevice alice = new BcmlsDevice("alice");
        BcmlsDevice bob = new BcmlsDevice("bob");
        BcmlsDevice carol = new BcmlsDevice("carol");
        Group a = new Group(GROUP_ID, BcmlsDevice.SUITE, alice.hpke, alice.signatureKey, alice.leaf, new ArrayList<>());
        PublicTree epoch0 = treeOf(a);
        Group.GroupWithMessage addBob = commit(a, List.of(Proposal.add(bob.keyPackage)), true);
        PublicTree epoch1 = checkedStep(epoch0, addBob);
        Group.GroupWithMessage addCarol = commit(addBob.group, List.of(Proposal.add(carol.keyPackage)), true);
        Commit addCarolCommit = parse(addCarol).content().commit().orElseThrow();

        assertThatThrownBy(() -> epoch0.apply(addCarolCommit, false, 0, SUITE, Bytes.of(GROUP_ID)))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.error()).isEqualTo(ParleyError.UPDATE_PATH_INVALID));
        assertThatThrownBy(() -> epoch1.apply(addCarolCommit, false, 0, SUITE, Bytes.of("other".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.getMessage()).contains("signature"));
        assertThatThrownBy(() -> epoch1.apply(addCarolCommit, false, 1, SUITE, Bytes.of(GROUP_ID)))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.error()).isEqualTo(ParleyError.UPDATE_PATH_INVALID));
        assertThat(epoch1.apply(addCarolCommit, false, 0, SUITE, Bytes.of(GROUP_ID)).tree().treeHash(SUITE))
                .isEqualTo(groupInfo(addCarol.group).groupContext().treeHash());
    }

    @Test
    void theEncodingIsTheRatchetTreeExtensionsAndReadsBack() throws Exception {
        BcmlsDevice alice = new BcmlsDevice("alice");
        BcmlsDevice bob = new BcmlsDevice("bob");
        Group a = new Group(GROUP_ID, BcmlsDevice.SUITE, alice.hpke, alice.signatureKey, alice.leaf, new ArrayList<>());
        Group.GroupWithMessage addBob = commit(a, List.of(Proposal.add(bob.keyPackage)), true);
        GroupInfo info = groupInfo(addBob.group);
        Bytes extension = info.extensions().find(Extension.RATCHET_TREE).orElseThrow().data();
        PublicTree tree = PublicTree.decode(extension);
        assertThat(tree.encode()).isEqualTo(extension);
        assertThat(PublicTree.decode(tree.encode())).isEqualTo(tree);
    }

    /** Applies the commit to {@code before} and checks the result against the committer's own view. */
    private static PublicTree checkedStep(PublicTree before, Group.GroupWithMessage committed) throws Exception {
        PublicMessage commit = parse(committed);
        long sender = commit.content().sender().index().getAsLong();
        PublicTree.Applied applied = before.apply(commit.content().commit().orElseThrow(), false, sender, SUITE,
                Bytes.of(GROUP_ID));
        assertThat(applied.committerLeaf()).isEqualTo(sender);
        assertSameTree(applied.tree(), committed.group);
        return applied.tree();
    }

    private static void assertSameTree(PublicTree computed, Group committer) throws Exception {
        assertThat(computed).isEqualTo(treeOf(committer));
        assertThat(computed.treeHash(SUITE)).isEqualTo(groupInfo(committer).groupContext().treeHash());
    }

    private static Group.GroupWithMessage commit(Group group, List<Proposal> proposals, boolean forcePath) throws Exception {
        return group.commit(BcmlsDevice.randomSecret(), new Group.CommitOptions(new ArrayList<>(proposals), true, forcePath, null),
                new Group.MessageOptions(false, new byte[0], 0), new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
    }

    private static Group joined(BcmlsDevice device, Group.GroupWithMessage committed) throws Exception {
        return new Group(BcmlsDevice.SUITE.getHPKE().serializePrivateKey(device.init.getPrivate()), device.hpke,
                device.signatureKey, device.keyPackage, committed.message.welcome, null, new HashMap<>(), new HashMap<>());
    }

    private static PublicTree treeOf(Group group) throws Exception {
        Bytes data = groupInfo(group).extensions().find(Extension.RATCHET_TREE).orElseThrow().data();
        return PublicTree.of(TlsReader.readExactly(data.toByteArray(), RatchetTree::read));
    }

    private static GroupInfo groupInfo(Group group) throws Exception {
        return MlsMessage.parse(MLSOutputStream.encode(groupInfoMessage(group))).bodyAs(GroupInfo.class);
    }

    private static MLSMessage groupInfoMessage(Group group) throws Exception {
        return group.getGroupInfo(true);
    }

    private static PublicMessage parse(Group.GroupWithMessage committed) throws Exception {
        return MlsMessage.parse(encode(committed)).bodyAs(PublicMessage.class);
    }

    private static byte[] encode(Group.GroupWithMessage committed) throws Exception {
        MLSMessage message = committed.message;
        if (message.wireFormat != WireFormat.mls_public_message) {
            throw new IllegalStateException("commits are sent as PublicMessage");
        }
        return MLSOutputStream.encode(message);
    }

    private static Bytes parseLeafKey(BcmlsDevice device) throws Exception {
        return MlsMessage.parse(MLSOutputStream.encode(MLSMessage.keyPackage(device.keyPackage)))
                .bodyAs(dev.parley.protocol.mls.keypackage.KeyPackage.class).leafNode().signatureKey();
    }
}
