package dev.parley.gateway.domain.model.conversation;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.GroupContext;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.PublicTree;
import dev.parley.protocol.mls.group.TranscriptHashes;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.MlsDecodeException;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.Extension;
import dev.parley.protocol.mls.tree.Extensions;
import dev.parley.protocol.mls.tree.RatchetTree;
import java.util.List;
import java.util.Optional;

/**
 * Ties a GroupInfo to the group state the Delivery Service can check, so that a member cannot store a GroupInfo whose
 * GroupContext differs from the one the commit created (which would make every later commit's signature check fail
 * against it, and mislead external joiners). Pure: signatures are checked by the caller.
 *
 * <p>For the epoch a commit creates (RFC 9420 §8.1, §8.2, §12.4): the group_id and the cipher suite do not change,
 * the epoch is the previous one plus one, the signer is the committer's leaf, the extensions are the previous
 * epoch's unless the commit carries a GroupContextExtensions proposal (then they are that proposal's), the
 * confirmation tag is the commit's, the {@code confirmed_transcript_hash} is
 * {@code Hash(interim_transcript_hash_[n-1] || ConfirmedTranscriptHashInput(commit))}, and the {@code tree_hash} is the
 * one of the tree that the commit makes of the previous epoch's ({@link PublicTree}, RFC 9420 §7.8); a
 * {@code ratchet_tree} extension, when the GroupInfo carries one, is that tree. A new group's GroupInfo must carry its
 * one-leaf tree: it is where the chain of trees starts.
 *
 * <p>Every failure is {@code group_info_invalid} naming the field.
 */
public final class GroupInfoCheck {

    private GroupInfoCheck() {
    }

    /** What a checked GroupInfo leaves for the next commit's check: its interim transcript hash and its tree. */
    public record CheckedEpoch(Bytes interimTranscriptHash, Optional<PublicTree> tree) {
    }

    /**
     * Checks the GroupInfo of a new group (epoch 0, one member at leaf 0, empty confirmed transcript hash, its one-leaf
     * ratchet tree inline and hashed into the GroupContext).
     */
    public static CheckedEpoch firstEpoch(GroupInfo groupInfo, String groupIdHex) {
        GroupContext context = groupInfo.groupContext();
        if (!context.cipherSuite().isSupported()) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED,
                    "group_info: only cipher suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519) is supported.");
        }
        require(context.groupId().hex().equals(groupIdHex), "group_id is not this conversation's");
        require(context.epoch() == 0, "a new group's GroupInfo is of epoch 0");
        require(groupInfo.signer() == 0, "a new group's GroupInfo is signed by leaf 0");
        require(context.confirmedTranscriptHash().isEmpty(), "epoch 0's confirmed_transcript_hash is empty");
        PublicTree tree = inlineTree(groupInfo)
                .orElseThrow(() -> invalid("a new group's GroupInfo carries its ratchet tree (extension ratchet_tree)"));
        require(tree.leafCount() == 1 && tree.leaf(0).isPresent(), "a new group's ratchet tree is its creator's leaf alone");
        require(tree.treeHash(context.cipherSuite()).equals(context.treeHash()),
                "tree_hash is not the hash of its ratchet tree (RFC 9420 §7.8)");
        return new CheckedEpoch(TranscriptHashes.interim(groupInfo), Optional.of(tree));
    }

    /**
     * Checks the GroupInfo of the epoch that {@code commit} creates against the previous epoch's (already checked)
     * GroupInfo, interim transcript hash and tree, and returns what the next commit's check needs.
     *
     * @param previousTree the previous epoch's tree; empty only for groups whose GroupInfos were stored before trees
     *        were kept (then a tree the new GroupInfo carries, consistent with its tree_hash, starts the chain)
     * @param committerLeaf the committer's leaf: its own for a member's commit, the one the gateway placed it at for
     *        an external commit (the tree must place it there too)
     */
    public static CheckedEpoch nextEpoch(GroupInfo previous, Bytes previousInterim, Optional<PublicTree> previousTree,
            PublicMessage commit, boolean external, GroupInfo next, long committerLeaf) {
        GroupContext before = previous.groupContext();
        GroupContext after = next.groupContext();
        require(after.groupId().equals(before.groupId()), "group_id differs from the group's");
        require(after.epoch() == before.epoch() + 1, "epoch must be " + (before.epoch() + 1));
        require(next.signer() == committerLeaf, "must be signed by the committer's leaf " + committerLeaf);
        require(after.version() == before.version() && after.cipherSuite().equals(before.cipherSuite()),
                "version and cipher_suite cannot change");
        require(after.extensions().equals(expectedExtensions(before.extensions(), commit)),
                "the group context extensions differ from the previous epoch's and the commit's GroupContextExtensions");
        Bytes tag = commit.auth().confirmationTag().orElseThrow();
        require(next.confirmationTag().equals(tag), "confirmation_tag is not the commit's");
        Bytes confirmed = TranscriptHashes.confirmed(before.cipherSuite(), previousInterim, WireFormat.PUBLIC_MESSAGE,
                commit.content(), commit.auth().signature());
        require(after.confirmedTranscriptHash().equals(confirmed),
                "confirmed_transcript_hash is not the one the commit creates (RFC 9420 §8.2)");
        Optional<PublicTree> inline = inlineTree(next);
        Optional<PublicTree> tree;
        if (previousTree.isPresent()) {
            PublicTree.Applied applied = previousTree.get().apply(commit.content().commit().orElseThrow(), external,
                    committerLeaf, before.cipherSuite(), before.groupId());
            if (applied.committerLeaf() != committerLeaf) {
                throw new ParleyException(ParleyError.UPDATE_PATH_INVALID, "commit: the group's tree places the joiner at leaf "
                        + applied.committerLeaf() + ", the gateway's membership at " + committerLeaf + ".");
            }
            tree = Optional.of(applied.tree());
            require(inline.isEmpty() || inline.equals(tree), "ratchet_tree is not the tree the commit creates");
        } else {
            tree = inline;
        }
        tree.ifPresent(expected -> require(expected.treeHash(after.cipherSuite()).equals(after.treeHash()),
                "tree_hash is not the hash of the tree the commit creates (RFC 9420 §7.8)"));
        return new CheckedEpoch(TranscriptHashes.interim(next), tree);
    }

    /** The tree of a GroupInfo's {@code ratchet_tree} extension, if it carries one. */
    private static Optional<PublicTree> inlineTree(GroupInfo groupInfo) {
        Optional<Extension> extension = groupInfo.extensions().find(Extension.RATCHET_TREE);
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PublicTree.of(TlsReader.readExactly(extension.get().data().toByteArray(), RatchetTree::read)));
        } catch (MlsDecodeException | IllegalArgumentException e) {
            throw invalid("ratchet_tree is not a ratchet tree: " + e.getMessage());
        }
    }

    private static Extensions expectedExtensions(Extensions previous, PublicMessage commit) {
        List<Proposal.GroupContextExtensions> changes = commit.content().proposalsByValue().stream()
                .filter(Proposal.GroupContextExtensions.class::isInstance)
                .map(Proposal.GroupContextExtensions.class::cast)
                .toList();
        return changes.isEmpty() ? previous : changes.get(changes.size() - 1).extensions();
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw invalid(what);
        }
    }

    private static ParleyException invalid(String what) {
        return new ParleyException(ParleyError.GROUP_INFO_INVALID, "group_info: " + what + ".");
    }
}
