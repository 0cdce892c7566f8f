package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.TlsReader;

/**
 * A KeyPackage leaf's validity window (RFC 9420 §7.2), in seconds since the Unix epoch, both ends inclusive.
 * The values are unsigned 64-bit; they are compared as such.
 */
public record Lifetime(long notBefore, long notAfter) {

    public static Lifetime read(TlsReader reader) {
        long notBefore = reader.readU64("Lifetime.not_before");
        long notAfter = reader.readU64("Lifetime.not_after");
        return new Lifetime(notBefore, notAfter);
    }

    /** Whether {@code epochSeconds} (non-negative) lies within the window. */
    public boolean contains(long epochSeconds) {
        return Long.compareUnsigned(notBefore, epochSeconds) <= 0
                && Long.compareUnsigned(epochSeconds, notAfter) <= 0;
    }
}
