package dev.parley.protocol.device;

import dev.parley.protocol.mls.tls.Bytes;
import java.util.Base64;

/** Keys, signatures and challenges travel in JSON as unpadded base64url (RFC 4648 §5). */
public final class Base64Url {

    private Base64Url() {
    }

    public static String encode(Bytes value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.toByteArray());
    }

    /** @throws IllegalArgumentException if {@code text} is not base64url (padding is tolerated) */
    public static Bytes decode(String text) {
        return Bytes.of(Base64.getUrlDecoder().decode(text));
    }
}
