package dev.parley.client.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.client.http.JsonHttp;
import java.io.IOException;
import java.time.Instant;

/**
 * What an application message carries inside MLS: {@code {"v":1,"type":"text","text":"…","sent_at":"…"}}, or a
 * control message ({@code leave_request}: the sender asks the room's owners and admins to remove its devices).
 * Membership {@code event}s are made locally from commits and never sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageBody(int v, String type, String text, @JsonProperty("sent_at") Instant sentAt) {

    public static final String TEXT = "text";
    public static final String LEAVE_REQUEST = "leave_request";
    public static final String EVENT = "event";

    public static MessageBody text(String text, Instant sentAt) {
        return new MessageBody(1, TEXT, text, sentAt);
    }

    public static MessageBody leaveRequest(Instant sentAt) {
        return new MessageBody(1, LEAVE_REQUEST, null, sentAt);
    }

    public static MessageBody event(String text, Instant at) {
        return new MessageBody(1, EVENT, text, at);
    }

    public byte[] encode() {
        try {
            return JsonHttp.JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of decrypted bytes; bytes that are not a Parley body are shown as UTF-8 text. */
    public static MessageBody decode(byte[] bytes) {
        try {
            MessageBody body = JsonHttp.JSON.readValue(bytes, MessageBody.class);
            return body.type() == null ? text(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), null) : body;
        } catch (IOException e) {
            return text(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), null);
        }
    }
}
