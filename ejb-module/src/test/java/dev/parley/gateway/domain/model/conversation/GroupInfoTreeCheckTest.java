package dev.parley.gateway.domain.model.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.BcmlsDevice;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.GroupContext;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.PublicTree;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import dev.parley.protocol.mls.tree.Extension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.protocol.Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupInfoCheck} and the ratchet tree, with real MLS clients (bcmls): a member that commits normally cannot
 * store a GroupInfo whose {@code tree_hash} or inline {@code ratchet_tree} is not the one its commit creates (which
 * would make every honest commit after it fail its signature check), and a new group starts the chain of trees.
 * Signatures are the caller's business here: the forged GroupInfos differ only in the field under test.
 */
class GroupInfoTreeCheckTest {

    private static final byte[] GROUP_ID = "tree-check".getBytes(StandardCharsets.UTF_8);

    private Group alice;
    private GroupInfo epoch0;
    private GroupInfoCheck.CheckedEpoch checked0;
    private Group.GroupWithMessage addBob;
    private PublicMessage commit;

    @BeforeEach
    void aliceCreatesAGroupAndAddsBob() throws Exception {
        BcmlsDevice device = new BcmlsDevice("alice");
        alice = new Group(GROUP_ID, BcmlsDevice.SUITE, device.hpke, device.signatureKey, device.leaf, new ArrayList<>());
        epoch0 = groupInfo(alice, true);
        checked0 = GroupInfoCheck.firstEpoch(epoch0, Bytes.of(GROUP_ID).hex());
        addBob = alice.commit(BcmlsDevice.randomSecret(),
                new Group.CommitOptions(new ArrayList<>(List.of(Proposal.add(new BcmlsDevice("bob").keyPackage))), true, true, null),
                new Group.MessageOptions(false, new byte[0], 0), new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
        commit = MlsMessage.parse(MLSOutputStream.encode(addBob.message)).bodyAs(PublicMessage.class);
    }

    @Test
    void aNewGroupsGroupInfoCarriesItsOneLeafTreeWhoseHashIsTheTreeHash() throws Exception {
        assertThat(checked0.tree()).hasValueSatisfying(tree -> assertThat(tree.leafCount()).isEqualTo(1));
        refused(() -> GroupInfoCheck.firstEpoch(groupInfo(alice, false), Bytes.of(GROUP_ID).hex()), "ratchet tree");
        refused(() -> GroupInfoCheck.firstEpoch(forged(epoch0, withTreeHash(Bytes.of(new byte[32])), Function.identity()),
                Bytes.of(GroupInfoTreeCheckTest.GROUP_ID).hex()), "tree_hash");
    }

    @Test
    void theNextEpochsTreeIsComputedFromTheCommitWithOrWithoutTheTreeInline() throws Exception {
        GroupInfoCheck.CheckedEpoch inline = next(groupInfo(addBob.group, true));
        GroupInfoCheck.CheckedEpoch computed = next(groupInfo(addBob.group, false));
        assertThat(computed.tree()).isPresent().isEqualTo(inline.tree());
        assertThat(computed.tree().orElseThrow().treeHash(epoch0.groupContext().cipherSuite()))
                .isEqualTo(groupInfo(addBob.group, true).groupContext().treeHash());
    }

    @Test
    void aReSignedGroupInfoWithAnotherTreeHashIsRefused() throws Exception {
        GroupInfo honest = groupInfo(addBob.group, false);
        refused(() -> next(forged(honest, withTreeHash(Bytes.of(new byte[32])), Function.identity())), "tree_hash");
    }

    @Test
    void aGroupInfoWhoseInlineTreeIsNotTheOneTheCommitCreatesIsRefused() throws Exception {
        GroupInfo honest = groupInfo(addBob.group, true);
        Bytes previousTree = epoch0.extensions().find(Extension.RATCHET_TREE).orElseThrow().data();
        refused(() -> next(forged(honest, Function.identity(), extensions -> withRatchetTree(extensions, previousTree))),
                "ratchet_tree");
        refused(() -> next(forged(honest, Function.identity(), extensions -> withRatchetTree(extensions, Bytes.of((byte) 0)))),
                "ratchet_tree");
    }

    @Test
    void aCommitThatDoesNotFitTheGroupsTreeIsRefused() {
        PublicTree otherTree = checked0.tree().orElseThrow().apply(commit.content().commit().orElseThrow(), false, 0,
                epoch0.groupContext().cipherSuite(), epoch0.groupContext().groupId()).tree();
        assertThatThrownBy(() -> GroupInfoCheck.nextEpoch(epoch0, checked0.interimTranscriptHash(), Optional.of(otherTree),
                commit, false, groupInfo(addBob.group, false), 0))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.error()).isEqualTo(ParleyError.UPDATE_PATH_INVALID));
    }

    private GroupInfoCheck.CheckedEpoch next(GroupInfo next) {
        return GroupInfoCheck.nextEpoch(epoch0, checked0.interimTranscriptHash(), checked0.tree(), commit, false, next, 0);
    }

    private static GroupInfo groupInfo(Group group, boolean inlineTree) throws Exception {
        return MlsMessage.parse(MLSOutputStream.encode(group.getGroupInfo(inlineTree))).bodyAs(GroupInfo.class);
    }

    private static Function<GroupContext, GroupContext> withTreeHash(Bytes treeHash) {
        return c -> new GroupContext(c.version(), c.cipherSuite(), c.groupId(), c.epoch(), treeHash,
                c.confirmedTranscriptHash(), c.extensions(), c.raw());
    }

    private static List<Extension> withRatchetTree(List<Extension> extensions, Bytes tree) {
        List<Extension> changed = new ArrayList<>();
        extensions.forEach(e -> changed.add(e.type() == Extension.RATCHET_TREE ? new Extension(e.type(), tree) : e));
        return changed;
    }

    /** {@code original} with its GroupContext and extensions changed, its (unchecked) signature kept. */
    private static GroupInfo forged(GroupInfo original, Function<GroupContext, GroupContext> context,
            Function<List<Extension>, List<Extension>> extensions) {
        GroupContext c = context.apply(original.groupContext());
        Bytes bytes = new TlsWriter()
                .writeU16(c.version()).writeU16(c.cipherSuite().code()).writeOpaque(c.groupId()).writeU64(c.epoch())
                .writeOpaque(c.treeHash()).writeOpaque(c.confirmedTranscriptHash())
                .writeVector(w -> write(w, c.extensions().list()))
                .writeVector(w -> write(w, extensions.apply(original.extensions().list())))
                .writeOpaque(original.confirmationTag()).writeU32(original.signer()).writeOpaque(original.signature())
                .toBytes();
        return GroupInfo.parse(bytes.toByteArray());
    }

    private static void write(TlsWriter writer, List<Extension> extensions) {
        extensions.forEach(e -> writer.writeU16(e.type()).writeOpaque(e.data()));
    }

    private static void refused(ThrowingRunnable check, String naming) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.error()).isEqualTo(ParleyError.GROUP_INFO_INVALID);
            assertThat(e.getMessage()).contains(naming);
        });
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
