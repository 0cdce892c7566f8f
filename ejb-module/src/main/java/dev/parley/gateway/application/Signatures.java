package dev.parley.gateway.application;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.crypto.UnsupportedCipherSuiteException;
import java.util.function.BooleanSupplier;

/** Runs an MLS signature check; a cipher suite other than 1 is {@code mls_unsupported}, not a failure of the server. */
final class Signatures {

    private Signatures() {
    }

    static boolean verify(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (UnsupportedCipherSuiteException e) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED, "Only cipher suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519) is supported.");
        }
    }
}
