package dev.parley.protocol.mls;

import dev.parley.protocol.mls.tls.TlsReader;

/**
 * MLS protocol versions; only {@code mls10} (RFC 9420) exists and is accepted where the version is fixed.
 * Not to be confused with the version of Parley's own client-gateway protocol.
 */
public final class MlsVersion {

    public static final int MLS10 = 0x0001;

    private MlsVersion() {
    }

    /** Reads a {@code MlsVersion} that must be {@code mls10}. */
    public static int readMls10(TlsReader reader, String field) {
        int start = reader.position();
        int version = reader.readU16(field);
        if (version != MLS10) {
            throw reader.error(start, field + ": unsupported protocol version " + version + ", expected mls10 (1)");
        }
        return version;
    }
}
