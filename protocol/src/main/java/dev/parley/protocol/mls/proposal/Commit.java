package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;
import java.util.Optional;

/** A {@code Commit} (RFC 9420 §12.4): the proposals it applies, in order, and an optional UpdatePath. */
public record Commit(List<ProposalOrRef> proposals, Optional<UpdatePath> path) {

    public Commit {
        proposals = List.copyOf(proposals);
    }

    /** Parses bytes that must be exactly one Commit. */
    public static Commit parse(byte[] data) {
        return TlsReader.readExactly(data, Commit::read);
    }

    public static Commit read(TlsReader reader) {
        List<ProposalOrRef> proposals = reader.readVector("Commit.proposals", ProposalOrRef::read);
        Optional<UpdatePath> path = reader.readOptional("Commit.path", UpdatePath::read);
        return new Commit(proposals, path);
    }

    /**
     * Whether RFC 9420 §12.4 requires this commit to carry an UpdatePath: when its proposal list is empty, or when
     * it covers a proposal whose type's "Path Required" is Y in the registry (§17.4): Update, Remove, ExternalInit,
     * GroupContextExtensions. Proposals by reference are counted as requiring one (their type is not visible here).
     */
    public boolean pathRequired() {
        if (proposals.isEmpty()) {
            return true;
        }
        for (ProposalOrRef proposal : proposals) {
            if (!(proposal instanceof ProposalOrRef.ByValue byValue)) {
                return true;
            }
            switch (byValue.proposal().type()) {
                case ADD, PSK, REINIT -> { }
                default -> {
                    return true;
                }
            }
        }
        return false;
    }

    /** The proposals carried by value, in order; those sent by reference are not visible here. */
    public List<Proposal> proposalsByValue() {
        return proposals.stream()
                .filter(ProposalOrRef.ByValue.class::isInstance)
                .map(entry -> ((ProposalOrRef.ByValue) entry).proposal())
                .toList();
    }
}
