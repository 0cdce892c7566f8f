package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.CodedEnum;

/** The registered credential types (RFC 9420 §17.5); a credential of any other type cannot be parsed. */
public enum CredentialType implements CodedEnum {
    BASIC(0x0001),
    X509(0x0002);

    private final int code;

    CredentialType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
