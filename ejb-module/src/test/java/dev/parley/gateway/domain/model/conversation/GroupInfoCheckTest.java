package dev.parley.gateway.domain.model.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.TranscriptHashes;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupInfoCheck}: a GroupInfo is stored only when its GroupContext is the one its commit creates. The
 * messages are built field by field (RFC 9420 §6, §8.1, §12.4.3); signatures are the caller's business.
 */
class GroupInfoCheckTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    private static final Bytes GROUP = Bytes.of(new byte[] {1, 2, 3, 4});
    private static final Bytes TAG = Bytes.of(new byte[32]);
    private static final Bytes NO_EXTENSIONS = Bytes.EMPTY;
    private static final Bytes ONE_EXTENSION = new TlsWriter().writeU16(0xff00).writeOpaque(Bytes.of((byte) 7)).toBytes();

    @Test
    void theGroupInfoOfTheEpochTheCommitCreatesIsAcceptedAndGivesTheNextInterimHash() {
        GroupInfo first = groupInfo(GROUP, 0, Bytes.EMPTY, NO_EXTENSIONS, TAG, 0);
        Bytes interim0 = TranscriptHashes.interim(first);
        assertThat(interim0).isEqualTo(TranscriptHashes.interim(SUITE, Bytes.EMPTY, TAG));

        PublicMessage commit = commit(0, 0, confirmationTag(9));
        GroupInfo next = honestNext(commit, interim0, NO_EXTENSIONS);
        Bytes interim1 = next(first, interim0, commit, next, 0).interimTranscriptHash();
        assertThat(interim1).isEqualTo(TranscriptHashes.interim(SUITE, next.groupContext().confirmedTranscriptHash(),
                confirmationTag(9)));
    }

    @Test
    void aReSignedGroupInfoWithAnotherConfirmedTranscriptHashIsRefused() {
        GroupInfo first = groupInfo(GROUP, 0, Bytes.EMPTY, NO_EXTENSIONS, TAG, 0);
        Bytes interim0 = TranscriptHashes.interim(first);
        PublicMessage commit = commit(0, 0, confirmationTag(9));
        GroupInfo forged = groupInfo(GROUP, 1, Bytes.of(new byte[32]), NO_EXTENSIONS, confirmationTag(9), 0);
        refused(() -> next(first, interim0, commit, forged, 0), "confirmed_transcript_hash");
        refused(() -> next(first, Bytes.of(new byte[32]), commit, honestNext(commit, interim0, NO_EXTENSIONS), 0),
                "confirmed_transcript_hash");
    }

    @Test
    void anotherConfirmationTagEpochGroupSignerOrExtensionsAreRefused() {
        GroupInfo first = groupInfo(GROUP, 0, Bytes.EMPTY, NO_EXTENSIONS, TAG, 0);
        Bytes interim0 = TranscriptHashes.interim(first);
        PublicMessage commit = commit(0, 0, confirmationTag(9));
        Bytes confirmed = TranscriptHashes.confirmed(SUITE, interim0, WireFormat.PUBLIC_MESSAGE, commit.content(),
                commit.auth().signature());
        refused(() -> next(first, interim0, commit,
                groupInfo(GROUP, 1, confirmed, NO_EXTENSIONS, confirmationTag(8), 0), 0), "confirmation_tag");
        refused(() -> next(first, interim0, commit,
                groupInfo(GROUP, 2, confirmed, NO_EXTENSIONS, confirmationTag(9), 0), 0), "epoch");
        refused(() -> next(first, interim0, commit,
                groupInfo(Bytes.of((byte) 9), 1, confirmed, NO_EXTENSIONS, confirmationTag(9), 0), 0), "group_id");
        refused(() -> next(first, interim0, commit,
                groupInfo(GROUP, 1, confirmed, NO_EXTENSIONS, confirmationTag(9), 1), 0), "leaf");
        refused(() -> next(first, interim0, commit,
                groupInfo(GROUP, 1, confirmed, ONE_EXTENSION, confirmationTag(9), 0), 0), "extensions");
    }

    @Test
    void aNewGroupsGroupInfoMustStartTheChain() {
        refused(() -> GroupInfoCheck.firstEpoch(groupInfo(GROUP, 0, Bytes.of(new byte[32]), NO_EXTENSIONS, TAG, 0), GROUP.hex()),
                "confirmed_transcript_hash");
        refused(() -> GroupInfoCheck.firstEpoch(groupInfo(GROUP, 1, Bytes.EMPTY, NO_EXTENSIONS, TAG, 0), GROUP.hex()), "epoch 0");
        refused(() -> GroupInfoCheck.firstEpoch(groupInfo(GROUP, 0, Bytes.EMPTY, NO_EXTENSIONS, TAG, 1), GROUP.hex()), "leaf 0");
        refused(() -> GroupInfoCheck.firstEpoch(groupInfo(GROUP, 0, Bytes.EMPTY, NO_EXTENSIONS, TAG, 0), "ff"), "group_id");
    }

    /** The transcript checks alone, as for a group whose earlier GroupInfos were stored before trees were kept. */
    private static GroupInfoCheck.CheckedEpoch next(GroupInfo previous, Bytes interim, PublicMessage commit, GroupInfo next,
            long committerLeaf) {
        return GroupInfoCheck.nextEpoch(previous, interim, Optional.empty(), commit, false, next, committerLeaf);
    }

    private static GroupInfo honestNext(PublicMessage commit, Bytes interimBefore, Bytes extensions) {
        Bytes confirmed = TranscriptHashes.confirmed(SUITE, interimBefore, WireFormat.PUBLIC_MESSAGE, commit.content(),
                commit.auth().signature());
        return groupInfo(GROUP, commit.content().epoch() + 1, confirmed, extensions,
                commit.auth().confirmationTag().orElseThrow(), commit.content().sender().index().getAsLong());
    }

    private static Bytes confirmationTag(int fill) {
        byte[] tag = new byte[32];
        java.util.Arrays.fill(tag, (byte) fill);
        return Bytes.of(tag);
    }

    private static void refused(Runnable check, String naming) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.error()).isEqualTo(ParleyError.GROUP_INFO_INVALID);
            assertThat(e.getMessage()).contains(naming);
        });
    }

    /** GroupInfo: GroupContext, extensions, confirmation_tag, signer, signature. */
    private static GroupInfo groupInfo(Bytes groupId, long epoch, Bytes confirmed, Bytes contextExtensions, Bytes tag,
            long signer) {
        Bytes bytes = new TlsWriter()
                .writeU16(1).writeU16(SUITE.code()).writeOpaque(groupId).writeU64(epoch)
                .writeOpaque(Bytes.of(new byte[32])).writeOpaque(confirmed).writeOpaque(contextExtensions)
                .writeOpaque(Bytes.EMPTY).writeOpaque(tag).writeU32(signer).writeOpaque(Bytes.of(new byte[64]))
                .toBytes();
        return GroupInfo.parse(bytes.toByteArray());
    }

    /** PublicMessage of a member's Commit with no proposals and no path (the check does not look at them). */
    private static PublicMessage commit(long epoch, long leaf, Bytes tag) {
        Consumer<TlsWriter> noProposals = w -> { };
        Bytes bytes = new TlsWriter()
                .writeOpaque(GROUP).writeU64(epoch).writeU8(1).writeU32(leaf).writeOpaque(Bytes.EMPTY).writeU8(3)
                .writeVector(noProposals).writeU8(0)
                .writeOpaque(Bytes.of(new byte[64])).writeOpaque(tag)
                .writeOpaque(Bytes.of(new byte[32]))
                .toBytes();
        return TlsReader.readExactly(bytes.toByteArray(), PublicMessage::read);
    }
}
