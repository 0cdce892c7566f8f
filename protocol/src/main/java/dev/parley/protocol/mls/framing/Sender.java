package dev.parley.protocol.mls.framing;

import dev.parley.protocol.mls.tls.TlsReader;
import java.util.OptionalLong;

/**
 * A {@code Sender} (RFC 9420 §6). Invariant: {@code index} is present exactly for {@link SenderType#MEMBER}
 * (the {@code uint32} leaf index) and {@link SenderType#EXTERNAL} (the index into the external_senders extension).
 */
public record Sender(SenderType type, OptionalLong index) {

    public static Sender read(TlsReader reader) {
        SenderType type = reader.readU8Enum(SenderType.class, "Sender.sender_type");
        OptionalLong index = switch (type) {
            case MEMBER -> OptionalLong.of(reader.readU32("Sender.leaf_index"));
            case EXTERNAL -> OptionalLong.of(reader.readU32("Sender.sender_index"));
            case NEW_MEMBER_PROPOSAL, NEW_MEMBER_COMMIT -> OptionalLong.empty();
        };
        return new Sender(type, index);
    }

    /** Whether the signature of content from this sender covers the group context (RFC 9420 §6.1). */
    public boolean signsGroupContext() {
        return type == SenderType.MEMBER || type == SenderType.NEW_MEMBER_COMMIT;
    }
}
