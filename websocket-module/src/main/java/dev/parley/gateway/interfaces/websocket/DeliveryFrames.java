package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import java.util.Locale;

/** The frames of the mailbox (see docs/protocol.md#mailbox-and-realtime-delivery); the same on WebSocket and SSE. */
public final class DeliveryFrames {

    private DeliveryFrames() {
    }

    /** A log entry pushed to a member device; {@code msg_id} absent on Welcomes. */
    public record Message(String type, String conversationId, long seq, String kind, long epoch, String senderUserId,
            String senderDeviceId, String msgId, String message) {

        static Message of(SequencedEntry entry) {
            return new Message("message", entry.conversationId(), entry.seq(), entry.kind().name().toLowerCase(Locale.ROOT),
                    entry.epoch(), entry.senderUserId(), entry.senderDeviceId(), entry.msgId(),
                    Base64Url.encode(Bytes.of(entry.message())));
        }
    }

    /** The answer to {@code send} ({@code type} "sent") or {@code commit} ({@code type} "committed"), after commit. */
    public record Appended(String type, String id, String conversationId, long seq, long epoch, boolean duplicate) {
    }

    /** The answer to {@code ack}: the device's cursor of the conversation now. */
    public record Acked(String type, String id, String conversationId, long seq) {
    }

    /**
     * Entries of the conversation after the device's position were deleted by retention before it read them; the
     * entries that follow start at {@code first_available_seq}.
     */
    public record HistoryGap(String type, String conversationId, long firstAvailableSeq) {

        HistoryGap(String conversationId, long firstAvailableSeq) {
            this("history_gap", conversationId, firstAvailableSeq);
        }
    }

    /** Sent once per connection, after everything that was waiting when it connected. */
    public record CaughtUp(String type) {

        static final CaughtUp INSTANCE = new CaughtUp("caught_up");
    }
}
