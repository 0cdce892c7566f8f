package dev.parley.gateway.interfaces.websocket;

/** Sizes of text as it travels: UTF-8. */
final class Utf8 {

    private Utf8() {
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
