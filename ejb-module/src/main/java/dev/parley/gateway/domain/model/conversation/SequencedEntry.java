package dev.parley.gateway.domain.model.conversation;

/**
 * A log entry as readers and the {@link EntriesAppended} event see it.
 *
 * @param conversationId the conversation
 * @param seq            its place in the conversation's log (gap-free, strictly increasing, from 1)
 * @param kind           commit, Welcome or application message
 * @param msgId          the sender's idempotency key; {@code null} on Welcomes
 * @param epoch          the MLS epoch the message belongs to (a Welcome: the epoch it joins at)
 * @param senderUserId   who sent it
 * @param senderDeviceId from which device
 * @param targetUserId   a Welcome's recipient user, else {@code null}
 * @param targetDeviceId a Welcome's recipient device (only it may read the entry), else {@code null}
 * @param message        the MLSMessage bytes exactly as received
 */
public record SequencedEntry(
        String conversationId,
        long seq,
        EntryKind kind,
        String msgId,
        long epoch,
        String senderUserId,
        String senderDeviceId,
        String targetUserId,
        String targetDeviceId,
        byte[] message) {

    /** Whether the entry is for one device only. */
    public boolean targeted() {
        return targetDeviceId != null;
    }
}
