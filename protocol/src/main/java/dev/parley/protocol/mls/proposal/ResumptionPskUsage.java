package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.CodedEnum;

/** What a resumption PSK is used for (RFC 9420 §8.4). */
public enum ResumptionPskUsage implements CodedEnum {
    APPLICATION(1),
    REINIT(2),
    BRANCH(3);

    private final int code;

    ResumptionPskUsage(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
