package dev.parley.protocol.mls;

import dev.parley.protocol.mls.tls.CodedEnum;

/** The kind of body an {@link MlsMessage} carries (RFC 9420 §6). */
public enum WireFormat implements CodedEnum {
    PUBLIC_MESSAGE(1),
    PRIVATE_MESSAGE(2),
    WELCOME(3),
    GROUP_INFO(4),
    KEY_PACKAGE(5);

    private final int code;

    WireFormat(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
