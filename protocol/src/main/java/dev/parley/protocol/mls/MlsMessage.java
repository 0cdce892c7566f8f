package dev.parley.protocol.mls;

import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.framing.PrivateMessage;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;

/**
 * An {@code MLSMessage} (RFC 9420 §6): the envelope of everything a Delivery Service receives.
 *
 * <p>Invariants: {@code version} is mls10; the body's class matches {@code wireFormat}; {@code raw} is the exact
 * received encoding.
 */
public record MlsMessage(int version, WireFormat wireFormat, MlsMessageBody body, Bytes raw) {

    /**
     * Parses bytes that must be exactly one MLSMessage.
     *
     * @throws dev.parley.protocol.mls.tls.MlsDecodeException if they are not
     */
    public static MlsMessage parse(byte[] data) {
        return TlsReader.readExactly(data, MlsMessage::read);
    }

    public static MlsMessage read(TlsReader reader) {
        int start = reader.position();
        int version = MlsVersion.readMls10(reader, "MLSMessage.version");
        WireFormat wireFormat = reader.readU16Enum(WireFormat.class, "MLSMessage.wire_format");
        MlsMessageBody body = switch (wireFormat) {
            case PUBLIC_MESSAGE -> PublicMessage.read(reader);
            case PRIVATE_MESSAGE -> PrivateMessage.read(reader);
            case WELCOME -> Welcome.read(reader);
            case GROUP_INFO -> GroupInfo.read(reader);
            case KEY_PACKAGE -> KeyPackage.read(reader);
        };
        return new MlsMessage(version, wireFormat, body, reader.bytesFrom(start));
    }

    /**
     * The body as {@code type}.
     *
     * @throws IllegalStateException if the message carries another kind of body
     */
    public <T extends MlsMessageBody> T bodyAs(Class<T> type) {
        if (!type.isInstance(body)) {
            throw new IllegalStateException("the message is a " + wireFormat + ", not a " + type.getSimpleName());
        }
        return type.cast(body);
    }
}
