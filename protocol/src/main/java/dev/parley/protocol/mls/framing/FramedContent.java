package dev.parley.protocol.mls.framing;

import dev.parley.protocol.mls.MlsVersion;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.proposal.Commit;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.util.List;
import java.util.Optional;

/**
 * A {@code FramedContent} (RFC 9420 §6) as received.
 *
 * <p>Invariants: exactly one of {@code applicationData}, {@code proposal}, {@code commit} is present, the one
 * named by {@code contentType}; {@code epoch} is an unsigned 64-bit value; {@code raw} is the exact received
 * encoding, which FramedContentTBS embeds.
 */
public record FramedContent(
        Bytes groupId,
        long epoch,
        Sender sender,
        Bytes authenticatedData,
        ContentType contentType,
        Optional<Bytes> applicationData,
        Optional<Proposal> proposal,
        Optional<Commit> commit,
        Bytes raw) {

    public static FramedContent read(TlsReader reader) {
        int start = reader.position();
        Bytes groupId = reader.readOpaque("FramedContent.group_id");
        long epoch = reader.readU64("FramedContent.epoch");
        Sender sender = Sender.read(reader);
        Bytes authenticatedData = reader.readOpaque("FramedContent.authenticated_data");
        ContentType contentType = reader.readU8Enum(ContentType.class, "FramedContent.content_type");
        Optional<Bytes> applicationData = Optional.empty();
        Optional<Proposal> proposal = Optional.empty();
        Optional<Commit> commit = Optional.empty();
        switch (contentType) {
            case APPLICATION -> applicationData = Optional.of(reader.readOpaque("FramedContent.application_data"));
            case PROPOSAL -> proposal = Optional.of(Proposal.read(reader));
            case COMMIT -> commit = Optional.of(Commit.read(reader));
        }
        return new FramedContent(groupId, epoch, sender, authenticatedData, contentType, applicationData,
                proposal, commit, reader.bytesFrom(start));
    }

    /** The proposals carried by value: the proposal itself, or a commit's by-value proposals in order. */
    public List<Proposal> proposalsByValue() {
        return switch (contentType) {
            case APPLICATION -> List.of();
            case PROPOSAL -> List.of(proposal.orElseThrow());
            case COMMIT -> commit.orElseThrow().proposalsByValue();
        };
    }

    /**
     * {@code FramedContentTBS} (RFC 9420 §6.1) over the received content bytes.
     *
     * @param groupContext the serialized GroupContext of the content's epoch; required exactly when
     *     {@link Sender#signsGroupContext()}
     */
    public Bytes tbs(WireFormat wireFormat, Optional<Bytes> groupContext) {
        if (groupContext.isPresent() != sender.signsGroupContext()) {
            throw new IllegalArgumentException("content from a " + sender.type() + " sender is signed "
                    + (sender.signsGroupContext() ? "with" : "without") + " the group context");
        }
        TlsWriter writer = new TlsWriter()
                .writeU16(MlsVersion.MLS10)
                .writeU16(wireFormat.code())
                .writeRaw(raw);
        groupContext.ifPresent(writer::writeRaw);
        return writer.toBytes();
    }
}
