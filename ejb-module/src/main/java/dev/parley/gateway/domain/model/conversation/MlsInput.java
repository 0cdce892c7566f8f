package dev.parley.gateway.domain.model.conversation;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.MlsMessageBody;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.framing.ContentType;
import dev.parley.protocol.mls.framing.PrivateMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.tls.MlsDecodeException;

/**
 * The MLS messages the Delivery Service accepts, read with the strict parser. Every way bytes can fail ends in one
 * {@link ParleyException}: {@code malformed_mls} when they are not the MLSMessage asked for (naming the field and
 * offset), {@code mls_unsupported} for well-formed messages of a kind the gateway does not take. Nothing else
 * escapes.
 */
public final class MlsInput {

    private MlsInput() {
    }

    /** A Commit as PublicMessage. */
    public static PublicMessage commit(String field, byte[] bytes) {
        MlsMessage message = parse(field, bytes);
        if (message.wireFormat() == WireFormat.PRIVATE_MESSAGE) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED,
                    field + ": commits must be sent as PublicMessage so that the gateway can check the epoch and membership.");
        }
        PublicMessage commit = body(field, message, WireFormat.PUBLIC_MESSAGE, PublicMessage.class);
        if (commit.content().contentType() != ContentType.COMMIT) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED, field + ": a PublicMessage of content type "
                    + commit.content().contentType() + " is not a commit; proposals travel by value inside commits.");
        }
        return commit;
    }

    /** An application message as PrivateMessage. */
    public static PrivateMessage application(String field, byte[] bytes) {
        MlsMessage message = parse(field, bytes);
        if (message.wireFormat() == WireFormat.PUBLIC_MESSAGE) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED, field
                    + ": application messages must be PrivateMessage; commits go to the commits resource.");
        }
        PrivateMessage application = body(field, message, WireFormat.PRIVATE_MESSAGE, PrivateMessage.class);
        if (application.contentType() != ContentType.APPLICATION) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED, field + ": a PrivateMessage of content type "
                    + application.contentType() + "; send commits as PublicMessage to the commits resource.");
        }
        return application;
    }

    public static Welcome welcome(String field, byte[] bytes) {
        return body(field, parse(field, bytes), WireFormat.WELCOME, Welcome.class);
    }

    public static GroupInfo groupInfo(String field, byte[] bytes) {
        return body(field, parse(field, bytes), WireFormat.GROUP_INFO, GroupInfo.class);
    }

    private static MlsMessage parse(String field, byte[] bytes) {
        try {
            return MlsMessage.parse(bytes);
        } catch (MlsDecodeException e) {
            throw new ParleyException(ParleyError.MALFORMED_MLS, field + ": " + e.getMessage());
        }
    }

    private static <T extends MlsMessageBody> T body(String field, MlsMessage message, WireFormat expected, Class<T> type) {
        if (message.wireFormat() != expected) {
            throw new ParleyException(ParleyError.MALFORMED_MLS,
                    field + ": expected an MLSMessage of wire format " + expected + ", got " + message.wireFormat() + ".");
        }
        return message.bodyAs(type);
    }
}
