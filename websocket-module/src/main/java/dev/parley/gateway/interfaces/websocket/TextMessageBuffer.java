package dev.parley.gateway.interfaces.websocket;

/**
 * Joins the parts of one WebSocket text message as the container hands them over, and refuses a message that grows
 * past a limit counted in UTF-8 bytes, as the peer sent them, whether it came in one frame or in fragments. One per
 * connection: the container hands over a connection's parts one at a time, in order.
 */
final class TextMessageBuffer {

    private final long maxBytes;
    private long bytes;
    private int parts;
    /** The first part as it came: most messages have one, and are not copied. */
    private String firstPart = "";
    /** The parts joined, from the second part on. */
    private StringBuilder joined;
    private boolean tooBig;

    TextMessageBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The most UTF-8 bytes one message may have. */
    long limit() {
        return maxBytes;
    }

    /**
     * Adds the next part of the message. {@code false} once the message is larger than the limit: what was held is
     * dropped, and every later part is refused too (the connection is to be closed).
     */
    boolean append(String part) {
        if (tooBig) {
            return false;
        }
        bytes += utf8Length(part);
        if (bytes > maxBytes) {
            tooBig = true;
            firstPart = "";
            joined = null;
            return false;
        }
        if (parts++ == 0) {
            firstPart = part;
        } else {
            if (joined == null) {
                joined = new StringBuilder(firstPart);
            }
            joined.append(part);
        }
        return true;
    }

    /** The message whose parts were appended (after its last one); the buffer is then empty for the next message. */
    String take() {
        String message = joined != null ? joined.toString() : firstPart;
        bytes = 0;
        parts = 0;
        firstPart = "";
        joined = null;
        return message;
    }

    /**
     * The length of {@code text} in UTF-8. Each half of a surrogate pair counts 2, so a pair counts its 4 bytes even
     * when the container splits it between two parts.
     */
    static long utf8Length(String text) {
        long length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                length += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return length;
    }
}
