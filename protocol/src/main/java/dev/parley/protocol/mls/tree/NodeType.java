package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.CodedEnum;

/** The kind of a non-blank ratchet tree node (RFC 9420 §12.4.3.3). */
public enum NodeType implements CodedEnum {
    LEAF(1),
    PARENT(2);

    private final int code;

    NodeType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
