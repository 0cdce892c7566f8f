package dev.parley.protocol.mls.tls;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value semantics, used for every opaque field so that parsed structures stay
 * immutable and comparable. The array handed in is copied, and {@link #toByteArray()} returns a copy.
 */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private static final int MAX_HEX_IN_TO_STRING = 32;

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    /** A copy of {@code value}. */
    public static Bytes of(byte... value) {
        return new Bytes(value.clone());
    }

    /** Bytes from hexadecimal digits (either case, no separators). */
    public static Bytes fromHex(String hex) {
        return new Bytes(HexFormat.of().parseHex(hex));
    }

    /** Takes ownership of {@code value}: only for arrays nobody else holds. */
    static Bytes wrapOwned(byte[] value) {
        return new Bytes(value);
    }

    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** The unsigned byte at {@code index}. */
    public int byteAt(int index) {
        return value[index] & 0xff;
    }

    /** The bytes from {@code from} (inclusive) to {@code to} (exclusive). */
    public Bytes slice(int from, int to) {
        return new Bytes(Arrays.copyOfRange(value, from, to));
    }

    public byte[] toByteArray() {
        return value.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(value);
    }

    /** The backing array, never to be modified or leaked: for {@link TlsWriter} only. */
    byte[] array() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    /** Length and hexadecimal prefix, short enough for logs. */
    @Override
    public String toString() {
        if (value.length <= MAX_HEX_IN_TO_STRING) {
            return "Bytes[" + value.length + "]{" + hex() + "}";
        }
        return "Bytes[" + value.length + "]{"
                + HexFormat.of().formatHex(value, 0, MAX_HEX_IN_TO_STRING) + "...}";
    }
}
