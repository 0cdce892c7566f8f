package dev.parley.it;

import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.framing.FramedContent;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.GroupContext;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import dev.parley.protocol.mls.tree.Extension;
import dev.parley.protocol.mls.tree.Extensions;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * MLS messages a misbehaving member could send, built field by field (RFC 9420 §6, §12.4) and signed with the device's
 * real key: a GroupInfo re-signed with an altered GroupContext, and commits that no honest client library produces.
 */
final class CraftedMls {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

    private CraftedMls() {
    }

    /** {@code groupInfoMessage} (an MLSMessage) with its GroupContext changed by {@code change}, re-signed by the device. */
    static byte[] reSignedGroupInfo(byte[] groupInfoMessage, MlsDevice signer, UnaryOperator<GroupContext> change) {
        GroupInfo original = MlsMessage.parse(groupInfoMessage).bodyAs(GroupInfo.class);
        GroupContext context = change.apply(original.groupContext());
        Bytes tbs = new TlsWriter()
                .writeU16(context.version()).writeU16(context.cipherSuite().code()).writeOpaque(context.groupId())
                .writeU64(context.epoch()).writeOpaque(context.treeHash()).writeOpaque(context.confirmedTranscriptHash())
                .writeVector(extensions(context.extensions()))
                .writeVector(extensions(original.extensions()))
                .writeOpaque(original.confirmationTag())
                .writeU32(original.signer())
                .toBytes();
        Bytes signature = MlsCrypto.signWithLabel(SUITE, signer.deviceKey.getPrivate(), GroupInfo.SIGNATURE_LABEL, tbs);
        return new TlsWriter().writeU16(1).writeU16(WireFormat.GROUP_INFO.code()).writeRaw(tbs).writeOpaque(signature)
                .toBytes().toByteArray();
    }

    /** A context like {@code context} with one more (unknown, 0xff0a) group context extension. */
    static GroupContext withExtraExtension(GroupContext context) {
        java.util.List<Extension> list = new java.util.ArrayList<>(context.extensions().list());
        list.add(new Extension(0xff0a, Bytes.of((byte) 1)));
        return new GroupContext(context.version(), context.cipherSuite(), context.groupId(), context.epoch(),
                context.treeHash(), context.confirmedTranscriptHash(), new Extensions(list), context.raw());
    }

    /** A context like {@code context} with another tree hash (as if the ratchet tree were another). */
    static GroupContext withOtherTreeHash(GroupContext context) {
        return new GroupContext(context.version(), context.cipherSuite(), context.groupId(), context.epoch(),
                Bytes.of(new byte[32]), context.confirmedTranscriptHash(), context.extensions(), context.raw());
    }

    /** A context like {@code context} with another confirmed transcript hash. */
    static GroupContext withOtherTranscriptHash(GroupContext context) {
        return new GroupContext(context.version(), context.cipherSuite(), context.groupId(), context.epoch(),
                context.treeHash(), Bytes.of(new byte[32]), context.extensions(), context.raw());
    }

    /**
     * A member's commit (MLSMessage/PublicMessage) of the epoch whose GroupInfo (MLSMessage) is {@code currentGroupInfo}:
     * the by-value proposals written by {@code proposals} (each a {@code ProposalOrRef}), no UpdatePath, signed by the
     * device over FramedContentTBS with that epoch's GroupContext. Its confirmation and membership tags are filler: the
     * gateway cannot check them.
     */
    static byte[] commit(MlsDevice committer, long leaf, byte[] currentGroupInfo, Consumer<TlsWriter> proposals) {
        GroupContext context = MlsMessage.parse(currentGroupInfo).bodyAs(GroupInfo.class).groupContext();
        Bytes content = new TlsWriter()
                .writeOpaque(context.groupId()).writeU64(context.epoch())
                .writeU8(1).writeU32(leaf)              // sender: member at leaf
                .writeOpaque(Bytes.EMPTY)               // authenticated_data
                .writeU8(3)                             // content_type: commit
                .writeVector(proposals).writeU8(0)      // Commit: proposals, no path
                .toBytes();
        FramedContent framed = TlsReader.readExactly(content.toByteArray(), FramedContent::read);
        Bytes signature = MlsCrypto.signWithLabel(SUITE, committer.deviceKey.getPrivate(), PublicMessage.SIGNATURE_LABEL,
                framed.tbs(WireFormat.PUBLIC_MESSAGE, Optional.of(context.raw())));
        return new TlsWriter().writeU16(1).writeU16(WireFormat.PUBLIC_MESSAGE.code()).writeRaw(content)
                .writeOpaque(signature).writeOpaque(Bytes.of(new byte[32])).writeOpaque(Bytes.of(new byte[32]))
                .toBytes().toByteArray();
    }

    /** A by-value Remove proposal of {@code leaf}. */
    static Consumer<TlsWriter> remove(long leaf) {
        return w -> w.writeU8(1).writeU16(3).writeU32(leaf);
    }

    /** A by-value PreSharedKey proposal of an external PSK. */
    static Consumer<TlsWriter> externalPsk() {
        return w -> w.writeU8(1).writeU16(4).writeU8(1).writeOpaque(Bytes.of(new byte[] {7, 7})).writeOpaque(Bytes.of(new byte[32]));
    }

    /** A by-value Add proposal of a KeyPackage (its raw encoding, without the MLSMessage header). */
    static Consumer<TlsWriter> add(byte[] keyPackage) {
        return w -> w.writeU8(1).writeU16(1).writeRaw(Bytes.of(keyPackage));
    }

    private static Consumer<TlsWriter> extensions(Extensions extensions) {
        return w -> extensions.list().forEach(e -> w.writeU16(e.type()).writeOpaque(e.data()));
    }
}
