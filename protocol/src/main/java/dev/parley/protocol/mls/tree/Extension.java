package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;

/**
 * One {@code Extension} (RFC 9420 §13): a type and opaque data, carried untouched whatever the type, including
 * unregistered and GREASE types.
 *
 * @param type the {@code uint16} extension type
 */
public record Extension(int type, Bytes data) {

    public static final int APPLICATION_ID = 0x0001;
    public static final int RATCHET_TREE = 0x0002;
    public static final int REQUIRED_CAPABILITIES = 0x0003;
    public static final int EXTERNAL_PUB = 0x0004;
    public static final int EXTERNAL_SENDERS = 0x0005;
    /** {@code last_resort} (draft-ietf-mls-extensions), marks a KeyPackage that may be used more than once. */
    public static final int LAST_RESORT = 0x000a;

    public static Extension read(TlsReader reader) {
        int type = reader.readU16("Extension.extension_type");
        Bytes data = reader.readOpaque("Extension.extension_data");
        return new Extension(type, data);
    }
}
