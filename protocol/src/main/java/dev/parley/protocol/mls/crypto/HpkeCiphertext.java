package dev.parley.protocol.mls.crypto;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;

/** {@code HPKECiphertext} (RFC 9420 §12.4.3.1): opaque to a Delivery Service. */
public record HpkeCiphertext(Bytes kemOutput, Bytes ciphertext) {

    public static HpkeCiphertext read(TlsReader reader) {
        Bytes kemOutput = reader.readOpaque("HPKECiphertext.kem_output");
        Bytes ciphertext = reader.readOpaque("HPKECiphertext.ciphertext");
        return new HpkeCiphertext(kemOutput, ciphertext);
    }
}
