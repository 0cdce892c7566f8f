package dev.parley.protocol.mls.tls;

/**
 * RFC 9420 §2.1.2 variable-length integers: the two most significant bits of the first byte give the encoded
 * length (00: 1 byte, 01: 2 bytes, 10: 4 bytes); {@code 11} is invalid in MLS. An encoding is valid only if it
 * is the shortest one able to hold the value.
 */
public final class VarInt {

    /** The largest value a variable-length integer can carry: 2^30 - 1. */
    public static final int MAX_VALUE = (1 << 30) - 1;

    private VarInt() {
    }

    /** The number of bytes of the one valid (shortest) encoding of {@code value}. */
    public static int encodedLength(int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("value out of the variable-length integer range: " + value);
        }
        if (value < (1 << 6)) {
            return 1;
        }
        return value < (1 << 14) ? 2 : 4;
    }

    /** The encoded length announced by the prefix of {@code firstByte}, or 0 for the invalid prefix {@code 11}. */
    static int lengthFromPrefix(int firstByte) {
        return switch (firstByte >>> 6) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 4;
            default -> 0;
        };
    }
}
