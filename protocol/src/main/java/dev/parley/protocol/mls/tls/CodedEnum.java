package dev.parley.protocol.mls.tls;

/**
 * An enumeration whose constants travel on the wire as a fixed-width unsigned integer. Values that are not
 * constants of the enum are rejected by {@link TlsReader#readU8Enum} and {@link TlsReader#readU16Enum}.
 */
public interface CodedEnum {

    /** The value sent on the wire. */
    int code();
}
