package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.CodedEnum;

/** Whether a commit carries a proposal by value or by reference (RFC 9420 §12.4). */
public enum ProposalOrRefType implements CodedEnum {
    PROPOSAL(1),
    REFERENCE(2);

    private final int code;

    ProposalOrRefType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
