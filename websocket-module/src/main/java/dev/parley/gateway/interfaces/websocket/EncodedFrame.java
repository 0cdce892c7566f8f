package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import java.util.Locale;

/**
 * A frame encoded once, sent as it is by every door to every recipient: a live entry of a room is turned into JSON
 * (and its message into base64url) once, however many devices receive it.
 *
 * @param type    the frame's {@code type} (the SSE event name)
 * @param json    the frame as JSON text
 * @param eventId the SSE event id ({@code <conversation_id>:<seq>} for messages), or {@code null}
 */
public record EncodedFrame(String type, String json, String eventId) {

    /** The {@code message} frame of a log entry: the fields of {@link DeliveryFrames.Message}, by hand, without reflection. */
    public static EncodedFrame message(SequencedEntry entry) {
        String message = Base64Url.encode(Bytes.of(entry.message()));
        StringBuilder json = new StringBuilder(message.length() + 256);
        json.append("{\"type\":\"message\",\"conversation_id\":");
        quote(json, entry.conversationId());
        json.append(",\"seq\":").append(entry.seq())
                .append(",\"kind\":\"").append(entry.kind().name().toLowerCase(Locale.ROOT)).append('"')
                .append(",\"epoch\":").append(entry.epoch())
                .append(",\"sender_user_id\":");
        quote(json, entry.senderUserId());
        json.append(",\"sender_device_id\":");
        quote(json, entry.senderDeviceId());
        if (entry.msgId() != null) {
            json.append(",\"msg_id\":");
            quote(json, entry.msgId());
        }
        json.append(",\"message\":\"").append(message).append("\"}");
        return new EncodedFrame("message", json.toString(), entry.conversationId() + ":" + entry.seq());
    }

    /** Appends {@code text} as a JSON string (RFC 8259 escapes). */
    static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
