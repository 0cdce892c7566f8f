package dev.parley.protocol.mls.framing;

import dev.parley.protocol.mls.MlsMessageBody;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;

/**
 * A {@code PrivateMessage} (RFC 9420 §6.3): the clear header a Delivery Service routes on, and the encrypted
 * sender data and content, which it cannot read. {@code epoch} is an unsigned 64-bit value.
 */
public record PrivateMessage(Bytes groupId, long epoch, ContentType contentType, Bytes authenticatedData,
        Bytes encryptedSenderData, Bytes ciphertext) implements MlsMessageBody {

    public static PrivateMessage read(TlsReader reader) {
        Bytes groupId = reader.readOpaque("PrivateMessage.group_id");
        long epoch = reader.readU64("PrivateMessage.epoch");
        ContentType contentType = reader.readU8Enum(ContentType.class, "PrivateMessage.content_type");
        Bytes authenticatedData = reader.readOpaque("PrivateMessage.authenticated_data");
        Bytes encryptedSenderData = reader.readOpaque("PrivateMessage.encrypted_sender_data");
        Bytes ciphertext = reader.readOpaque("PrivateMessage.ciphertext");
        return new PrivateMessage(groupId, epoch, contentType, authenticatedData, encryptedSenderData, ciphertext);
    }
}
