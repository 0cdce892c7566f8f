package dev.parley.client.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.client.http.JsonHttp;
import java.io.IOException;
import java.time.Instant;

/**
 * What an application message carries inside MLS: {@code {"v":1,"type":"text","text":"…","sent_at":"…"}}, or a
 * control message ({@code leave_request}: the sender asks the room's owners and admins to remove its devices).
 * Membership {@code event}s are made locally from commits and never sent. How a reader treats a {@code v} or
 * {@code type} it does not know is part of the protocol (docs/protocol.md, application messages).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageBody(int v, String type, String text, @JsonProperty("sent_at") Instant sentAt) {

    /** The payload version this client reads and writes. */
    public static final int VERSION = 1;
    public static final String TEXT = "text";
    public static final String LEAVE_REQUEST = "leave_request";
    public static final String EVENT = "event";

    public static MessageBody text(String text, Instant sentAt) {
        return new MessageBody(VERSION, TEXT, text, sentAt);
    }

    public static MessageBody leaveRequest(Instant sentAt) {
        return new MessageBody(VERSION, LEAVE_REQUEST, null, sentAt);
    }

    public static MessageBody event(String text, Instant at) {
        return new MessageBody(VERSION, EVENT, text, at);
    }

    /** Whether a newer payload version than this client's wrote it: not to be read as text. */
    public boolean needsNewerClient() {
        return v > VERSION;
    }

    /**
     * Whether there is something to show: a body of any type with a {@code text} (a type this client does not know
     * carries its readable summary there), and nothing for types without one (reactions, edits and the like).
     */
    public boolean shown() {
        return text != null;
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
