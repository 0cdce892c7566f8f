package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.CodedEnum;

/** Why a leaf node was created (RFC 9420 §7.2); decides what follows it and what its signature covers. */
public enum LeafNodeSource implements CodedEnum {
    KEY_PACKAGE(1),
    UPDATE(2),
    COMMIT(3);

    private final int code;

    LeafNodeSource(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
