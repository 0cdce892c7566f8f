package dev.parley.protocol;

/** The version of the Parley client–gateway protocol described in {@code docs/protocol.md}. */
public final class ProtocolVersion {

    /** Bumped only for changes an existing client cannot ignore; additions keep the version. */
    public static final int CURRENT = 1;

    private ProtocolVersion() {
    }
}
