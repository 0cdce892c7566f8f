package dev.parley.protocol.mls.framing;

import dev.parley.protocol.mls.tls.CodedEnum;

/** What a framed message carries (RFC 9420 §6). */
public enum ContentType implements CodedEnum {
    APPLICATION(1),
    PROPOSAL(2),
    COMMIT(3);

    private final int code;

    ContentType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
