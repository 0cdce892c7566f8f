package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;

/** A commit's {@code ProposalOrRef} (RFC 9420 §12.4): a proposal by value, or a ProposalRef to one sent before. */
public sealed interface ProposalOrRef {

    static ProposalOrRef read(TlsReader reader) {
        ProposalOrRefType type = reader.readU8Enum(ProposalOrRefType.class, "ProposalOrRef.type");
        return switch (type) {
            case PROPOSAL -> new ByValue(Proposal.read(reader));
            case REFERENCE -> new ByReference(reader.readOpaque("ProposalOrRef.reference"));
        };
    }

    record ByValue(Proposal proposal) implements ProposalOrRef {
    }

    /** {@code reference} is a ProposalRef: RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent). */
    record ByReference(Bytes reference) implements ProposalOrRef {
    }
}
