package dev.parley.protocol.mls.tls;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Writes the TLS presentation language as profiled by RFC 9420 §2.1: big-endian fixed-width integers, minimal
 * variable-length integers and {@code <V>} vectors. Used to build to-be-signed and to-be-hashed inputs
 * (SignContent, RefHashInput, LeafNodeTBS, FramedContentTBS) and, in tests and the client, whole messages.
 * Not thread-safe.
 */
public final class TlsWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TlsWriter writeU8(int value) {
        return writeBigEndian(value, 1);
    }

    public TlsWriter writeU16(int value) {
        return writeBigEndian(value, 2);
    }

    public TlsWriter writeU32(long value) {
        return writeBigEndian(value, 4);
    }

    public TlsWriter writeU64(long value) {
        return writeBigEndian(value, 8);
    }

    /** The shortest encoding of {@code value}, which must be in {@code [0, VarInt.MAX_VALUE]}. */
    public TlsWriter writeVarInt(int value) {
        int length = VarInt.encodedLength(value);
        int prefix = switch (length) {
            case 1 -> 0x00;
            case 2 -> 0x40;
            default -> 0x80;
        };
        long encoded = ((long) prefix << (8 * (length - 1))) | value;
        return writeBigEndian(encoded, length);
    }

    /** The bytes as they are, without a length. */
    public TlsWriter writeRaw(Bytes value) {
        out.write(value.array(), 0, value.length());
        return this;
    }

    /** {@code opaque<V>}: length then bytes. */
    public TlsWriter writeOpaque(Bytes value) {
        writeVarInt(value.length());
        return writeRaw(value);
    }

    /** {@code opaque<V>} of a UTF-8 string (labels). */
    public TlsWriter writeOpaque(String utf8) {
        return writeOpaque(Bytes.of(utf8.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A {@code <V>} vector whose content is whatever {@code content} writes. */
    public TlsWriter writeVector(Consumer<TlsWriter> content) {
        TlsWriter inner = new TlsWriter();
        content.accept(inner);
        return writeOpaque(inner.toBytes());
    }

    public Bytes toBytes() {
        return Bytes.wrapOwned(out.toByteArray());
    }

    private TlsWriter writeBigEndian(long value, int length) {
        if (length < 8 && (value >>> (8 * length)) != 0) {
            throw new IllegalArgumentException(value + " does not fit in " + length + " byte(s)");
        }
        for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }
}
