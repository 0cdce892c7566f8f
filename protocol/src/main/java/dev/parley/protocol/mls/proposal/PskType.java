package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.CodedEnum;

/** Where a pre-shared key comes from (RFC 9420 §8.4). */
public enum PskType implements CodedEnum {
    EXTERNAL(1),
    RESUMPTION(2);

    private final int code;

    PskType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
