package dev.parley.protocol.mls.crypto;

import dev.parley.protocol.mls.tls.TlsReader;

/**
 * An MLS cipher suite identifier (RFC 9420 §17.1). Any 16-bit value is carried, including unregistered and
 * GREASE values, because a structure's layout does not depend on its suite; only suites for which
 * {@link #isSupported()} holds can be used for signatures and hashes.
 *
 * @param code the value on the wire, in {@code [0, 0xffff]}
 */
public record CipherSuite(int code) {

    public static final CipherSuite MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 = new CipherSuite(0x0001);

    private static final String[] REGISTERED_NAMES = {
        null,
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
        "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
        "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
        "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
        "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448",
        "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
    };

    public CipherSuite {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("cipher suite out of uint16 range: " + code);
        }
    }

    public static CipherSuite read(TlsReader reader, String field) {
        return new CipherSuite(reader.readU16(field));
    }

    /** Whether this library implements the suite's signature and hash (only suite 1 does). */
    public boolean isSupported() {
        return equals(MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    }

    /** The registered name, or {@code unknown(0x....)}. */
    public String displayName() {
        if (code > 0 && code < REGISTERED_NAMES.length) {
            return REGISTERED_NAMES[code];
        }
        return String.format("unknown(0x%04x)", code);
    }

    /** @throws UnsupportedCipherSuiteException unless {@link #isSupported()} */
    public void requireSupported() {
        if (!isSupported()) {
            throw new UnsupportedCipherSuiteException(this);
        }
    }
}
