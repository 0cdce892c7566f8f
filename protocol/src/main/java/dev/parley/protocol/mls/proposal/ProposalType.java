package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.CodedEnum;

/** The proposal types of RFC 9420 §17.4; proposals of other types cannot be skipped, as their encoding is unknown. */
public enum ProposalType implements CodedEnum {
    ADD(0x0001),
    UPDATE(0x0002),
    REMOVE(0x0003),
    PSK(0x0004),
    REINIT(0x0005),
    EXTERNAL_INIT(0x0006),
    GROUP_CONTEXT_EXTENSIONS(0x0007);

    private final int code;

    ProposalType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
