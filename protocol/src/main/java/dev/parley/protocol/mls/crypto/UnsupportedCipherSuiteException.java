package dev.parley.protocol.mls.crypto;

/** A signature or hash was requested for a cipher suite this library does not implement. */
public final class UnsupportedCipherSuiteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedCipherSuiteException(CipherSuite suite) {
        super("cipher suite " + suite.displayName() + " is not supported; only "
                + CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.displayName() + " is");
    }
}
