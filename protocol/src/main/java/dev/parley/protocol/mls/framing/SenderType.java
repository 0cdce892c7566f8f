package dev.parley.protocol.mls.framing;

import dev.parley.protocol.mls.tls.CodedEnum;

/** Who sent a framed message (RFC 9420 §6). */
public enum SenderType implements CodedEnum {
    MEMBER(1),
    EXTERNAL(2),
    NEW_MEMBER_PROPOSAL(3),
    NEW_MEMBER_COMMIT(4);

    private final int code;

    SenderType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
