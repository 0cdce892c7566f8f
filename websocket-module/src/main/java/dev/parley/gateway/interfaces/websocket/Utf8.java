package dev.parley.gateway.interfaces.websocket;

/** Sizes of text as it travels: UTF-8. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Whether {@code text} is longer than {@code maxBytes} in UTF-8. Scans only text whose length alone does not decide
     * it (a UTF-16 char is 1 to 3 bytes), so an ordinary frame, far below the limit, costs nothing.
     */
    static boolean exceeds(String text, long maxBytes) {
        if (text.length() > maxBytes) {
            return true;
        }
        if (3L * text.length() <= maxBytes) {
            return false;
        }
        return length(text) > maxBytes;
    }

    /** The length of {@code text} in UTF-8 bytes, without encoding it; an unpaired surrogate counts 2 (half a pair). */
    static long length(String text) {
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
