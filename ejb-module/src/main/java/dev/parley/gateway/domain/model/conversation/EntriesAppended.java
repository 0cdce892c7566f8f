package dev.parley.gateway.domain.model.conversation;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fired (CDI event) inside the transaction that appended {@code entries} to one conversation's log (a commit), or
 * right after the group commit that stored them, outside any transaction (application messages, {@code LogWriter});
 * observe it with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act only once they are durable.
 *
 * <p>Invariants: the entries are in seq order, contiguous, and all of {@code conversationId}; entries of one
 * conversation are appended by one transaction at a time, so AFTER_SUCCESS events of a conversation carry
 * disjoint seq ranges (their notifications may still overlap in time: readers must order by seq). A rejected or
 * idempotently repeated request fires nothing.
 *
 * @param conversationId the conversation
 * @param entries        what was appended
 */
public record EntriesAppended(String conversationId, List<SequencedEntry> entries) {

    /** The last seq appended. */
    public long head() {
        return entries.get(entries.size() - 1).seq();
    }

    /**
     * The devices whose membership may have begun without their live connection knowing: those a commit welcomes (the
     * targets of Welcomes), and the senders (the creator of a conversation made while it was connected, or a device that
     * sent through another door or node than its connection's).
     */
    public Set<DeviceAddress> mayHaveJoined() {
        Set<DeviceAddress> devices = new LinkedHashSet<>();
        for (SequencedEntry entry : entries) {
            if (entry.targeted()) {
                devices.add(new DeviceAddress(entry.targetUserId(), entry.targetDeviceId()));
            }
            devices.add(new DeviceAddress(entry.senderUserId(), entry.senderDeviceId()));
        }
        return devices;
    }
}
