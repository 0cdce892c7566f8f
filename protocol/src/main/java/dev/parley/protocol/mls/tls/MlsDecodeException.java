package dev.parley.protocol.mls.tls;

/**
 * The only exception thrown when bytes are not a well-formed RFC 9420 structure: truncated input, trailing bytes,
 * a non-minimal or reserved variable-length integer, a length beyond the input, an unknown enumeration value,
 * or a structural rule of the specification that a parser can check on its own.
 *
 * <p>Unchecked so element readers can be passed as plain functions; callers at the trust boundary (the Delivery
 * Service) catch it and reject the message. {@link #offset()} is counted from the first byte of the input given
 * to the outermost reader.
 */
public final class MlsDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    public MlsDecodeException(int offset, String reason) {
        super(reason + " (at byte offset " + offset + ")");
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset, from the start of the whole input, where the offending item begins. */
    public int offset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String reason() {
        return reason;
    }
}
