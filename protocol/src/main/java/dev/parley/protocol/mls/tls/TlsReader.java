package dev.parley.protocol.mls.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the TLS presentation language as profiled by RFC 9420 §2.1 from a slice of a byte array, strictly.
 *
 * <p>Invariants: the reader never reads outside its slice, never allocates more bytes than remain in the slice
 * (every length is checked against {@link #remaining()} first), and reports every failure as an
 * {@link MlsDecodeException} whose offset is counted from the start of the outermost input. Fixed-width integers
 * are big-endian and unsigned; {@code uint32} values are returned as non-negative {@code long}s and
 * {@code uint64} values as the {@code long} with the same 64 bits.
 *
 * <p>Field names passed in appear in error reasons, so they should name the field as the RFC does
 * (e.g. {@code "KeyPackage.init_key"}). Not thread-safe.
 */
public final class TlsReader {

    private final byte[] data;
    private final int end;
    private int position;

    private TlsReader(byte[] data, int start, int end) {
        this.data = data;
        this.position = start;
        this.end = end;
    }

    /** A reader over the whole of {@code data}, which must not change while it is read. */
    public static TlsReader of(byte[] data) {
        return new TlsReader(data, 0, data.length);
    }

    /**
     * Reads one {@code T} that must span all of {@code data}.
     *
     * @throws MlsDecodeException if the bytes are malformed, truncated, or followed by anything
     */
    public static <T> T readExactly(byte[] data, Function<TlsReader, T> structure) {
        TlsReader reader = of(data);
        T value = structure.apply(reader);
        reader.expectEnd();
        return value;
    }

    /** Offset of the next byte, from the start of the outermost input. */
    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    /** @throws MlsDecodeException if any byte is left unread */
    public void expectEnd() {
        if (position != end) {
            throw error(position, remaining() + " trailing byte(s) after the end of the structure");
        }
    }

    public int readU8(String field) {
        require(1, field);
        return data[position++] & 0xff;
    }

    public int readU16(String field) {
        return (int) readBigEndian(2, field);
    }

    public long readU32(String field) {
        return readBigEndian(4, field);
    }

    public long readU64(String field) {
        return readBigEndian(8, field);
    }

    /** A variable-length integer (RFC 9420 §2.1.2), rejecting the {@code 11} prefix and non-minimal encodings. */
    public int readVarInt(String field) {
        int start = position;
        require(1, field);
        int length = VarInt.lengthFromPrefix(data[position] & 0xff);
        if (length == 0) {
            throw error(start, field + ": variable-length integer with reserved prefix 0b11");
        }
        require(length, field);
        int value = data[position++] & 0x3f;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        if (VarInt.encodedLength(value) != length) {
            throw error(start, field + ": variable-length integer " + value + " is not minimally encoded ("
                    + length + " bytes instead of " + VarInt.encodedLength(value) + ")");
        }
        return value;
    }

    /** Exactly {@code length} bytes. */
    public Bytes readFixed(int length, String field) {
        require(length, field);
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return Bytes.wrapOwned(value);
    }

    /** {@code opaque field<V>}: a variable-length integer length followed by that many bytes. */
    public Bytes readOpaque(String field) {
        int start = position;
        int length = readVarInt(field + " length");
        requireVectorLength(start, length, field);
        return readFixed(length, field);
    }

    /**
     * {@code T field<V>}: a variable-length integer byte length, then elements read by {@code element} until
     * exactly that many bytes are consumed. An element that runs past the announced length is an error.
     */
    public <T> List<T> readVector(String field, Function<TlsReader, T> element) {
        int start = position;
        int length = readVarInt(field + " length");
        requireVectorLength(start, length, field);
        TlsReader content = new TlsReader(data, position, position + length);
        position += length;
        List<T> elements = new ArrayList<>();
        while (content.hasRemaining()) {
            int elementStart = content.position;
            elements.add(element.apply(content));
            if (content.position == elementStart) {
                throw error(elementStart, field + ": element encoded in zero bytes");
            }
        }
        return List.copyOf(elements);
    }

    /** {@code optional<T>}: a presence byte that must be 0 or 1, then {@code T} if it is 1. */
    public <T> Optional<T> readOptional(String field, Function<TlsReader, T> value) {
        int start = position;
        int present = readU8(field + " presence");
        return switch (present) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(value.apply(this));
            default -> throw error(start, field + ": optional presence byte must be 0 or 1, got " + present);
        };
    }

    /** A {@code uint8} enumeration; values that are not constants of {@code type} are rejected. */
    public <E extends Enum<E> & CodedEnum> E readU8Enum(Class<E> type, String field) {
        int start = position;
        return lookUp(type, readU8(field), start, field);
    }

    /** A {@code uint16} enumeration; values that are not constants of {@code type} are rejected. */
    public <E extends Enum<E> & CodedEnum> E readU16Enum(Class<E> type, String field) {
        int start = position;
        return lookUp(type, readU16(field), start, field);
    }

    /** The bytes from {@code start} (a {@link #position()} taken earlier on this reader) to the current position. */
    public Bytes bytesFrom(int start) {
        if (start < 0 || start > position) {
            throw new IllegalArgumentException("start " + start + " is not a position already read");
        }
        return Bytes.wrapOwned(Arrays.copyOfRange(data, start, position));
    }

    /** An exception for a structural rule the caller checks, reported at {@code offset}. */
    public MlsDecodeException error(int offset, String reason) {
        return new MlsDecodeException(offset, reason);
    }

    private long readBigEndian(int length, String field) {
        require(length, field);
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    private void require(int length, String field) {
        if (length > remaining()) {
            throw error(position, field + ": truncated, needs " + length + " byte(s) but only "
                    + remaining() + " remain");
        }
    }

    private void requireVectorLength(int start, int length, String field) {
        if (length > remaining()) {
            throw error(start, field + ": vector length " + length + " exceeds the " + remaining()
                    + " remaining byte(s)");
        }
    }

    private <E extends Enum<E> & CodedEnum> E lookUp(Class<E> type, int code, int start, String field) {
        for (E constant : type.getEnumConstants()) {
            if (constant.code() == code) {
                return constant;
            }
        }
        throw error(start, field + ": unknown " + type.getSimpleName() + " value " + code);
    }
}
