package dev.parley.gateway.domain.model.conversation;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.GroupContext;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.TranscriptHashes;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tree.Extensions;
import java.util.List;

/**
 * Ties a GroupInfo to the group state the Delivery Service can check, so that a member cannot store a GroupInfo whose
 * GroupContext differs from the one the commit created (which would make every later commit's signature check fail
 * against it, and mislead external joiners). Pure: signatures are checked by the caller.
 *
 * <p>For the epoch a commit creates (RFC 9420 §8.1, §8.2, §12.4): the group_id and the cipher suite do not change,
 * the epoch is the previous one plus one, the signer is the committer's leaf, the extensions are the previous
 * epoch's unless the commit carries a GroupContextExtensions proposal (then they are that proposal's), the
 * confirmation tag is the commit's, and the {@code confirmed_transcript_hash} is
 * {@code Hash(interim_transcript_hash_[n-1] || ConfirmedTranscriptHashInput(commit))}. The {@code tree_hash} cannot be
 * checked without the ratchet tree, which the gateway does not keep.
 *
 * <p>Every failure is {@code group_info_invalid} naming the field.
 */
public final class GroupInfoCheck {

    private GroupInfoCheck() {
    }

    /**
     * Checks the GroupInfo of a new group (epoch 0, one member at leaf 0, empty confirmed transcript hash) and
     * returns its interim transcript hash.
     */
    public static Bytes firstEpoch(GroupInfo groupInfo, String groupIdHex) {
        GroupContext context = groupInfo.groupContext();
        if (!context.cipherSuite().isSupported()) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED,
                    "group_info: only cipher suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519) is supported.");
        }
        require(context.groupId().hex().equals(groupIdHex), "group_id is not this conversation's");
        require(context.epoch() == 0, "a new group's GroupInfo is of epoch 0");
        require(groupInfo.signer() == 0, "a new group's GroupInfo is signed by leaf 0");
        require(context.confirmedTranscriptHash().isEmpty(), "epoch 0's confirmed_transcript_hash is empty");
        return TranscriptHashes.interim(groupInfo);
    }

    /**
     * Checks the GroupInfo of the epoch that {@code commit} creates against the previous epoch's (already checked)
     * GroupInfo and interim transcript hash, and returns the new epoch's interim transcript hash.
     */
    public static Bytes nextEpoch(GroupInfo previous, Bytes previousInterim, PublicMessage commit, GroupInfo next,
            long committerLeaf) {
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
        return TranscriptHashes.interim(next);
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
            throw new ParleyException(ParleyError.GROUP_INFO_INVALID, "group_info: " + what + ".");
        }
    }
}
