package dev.parley.gateway.interfaces.websocket;

/**
 * The frames of the mailbox (see docs/protocol.md#mailbox-and-realtime-delivery); the same on WebSocket and SSE. The
 * {@code message} frame is encoded once per entry for all recipients: {@link EncodedFrame#message}.
 */
public final class DeliveryFrames {

    private DeliveryFrames() {
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
