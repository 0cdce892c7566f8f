package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.conversation.Conversation;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.MemberDevice;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.mailbox.DeliveryCursor;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.gateway.infrastructure.persistence.CursorStore;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mailbox: what each device has acknowledged of each conversation's log, and what it still has to receive. It
 * knows no transport; the realtime doors (WebSocket, SSE) pull from it and push live entries from memory.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A device's cursor of a conversation is {@code max(acked_seq, joined_seq)}: it starts where the device's
 *       membership starts and never moves back.</li>
 *   <li>An acknowledgement never moves a cursor beyond the conversation's last entry, nor beyond the commit that
 *       removed the device.</li>
 *   <li>Retention ({@link #prune}) deletes a prefix of a log, never an entry after one it keeps, and never a commit or
 *       Welcome that a current member device has not acknowledged and needs to follow the group; {@link #pull} reports
 *       a device's entries that retention deleted before it read them as a gap ({@code first_available_seq}).</li>
 *   <li>{@link #pull} returns only entries the device may read (the rules of {@link ConversationLog}), by seq.</li>
 * </ul>
 */
@ApplicationScoped
public class MailboxManager {

    /** A conversation the device is a member of, and its cursor there. */
    public record Subscription(String conversationId, long cursor) {
    }

    /**
     * Entries after a position, as the device may read them. {@code position} is the seq up to which the device
     * has now seen everything it may see (the last entry's seq, or further when the entries after it are not for
     * this device); {@code more} when further entries may be read now; {@code member} whether the device is still
     * a member (a removed device reads up to the commit that removed it).
     */
    public record Batch(List<SequencedEntry> entries, long position, boolean more, boolean member, Long firstAvailableSeq) {

        /** Whether entries after the position asked for were deleted by retention before the device read them. */
        public boolean gap() {
            return firstAvailableSeq != null;
        }
    }

    private final Clock clock = Clock.systemUTC();

    @Inject
    ConversationStore conversations;

    @Inject
    CursorStore cursors;

    @Inject
    ConversationLog log;

    @Inject
    DeviceDirectory devices;

    @Inject
    GatewayConfig config;

    /** Every conversation the device is a member of now, with the cursor to deliver from. */
    @Transactional
    public List<Subscription> subscriptions(String userId, String deviceId) {
        Map<String, Long> acked = cursors.cursorsOfDevice(userId, deviceId);
        List<Subscription> subscriptions = new ArrayList<>();
        for (MemberDevice member : conversations.membershipsOfDevice(userId, deviceId)) {
            subscriptions.add(new Subscription(member.conversationId(),
                    Math.max(member.joinedSeq(), acked.getOrDefault(member.conversationId(), 0L))));
        }
        return subscriptions;
    }

    /** The device's subscription of one conversation, if it is a member now. */
    @Transactional
    public Optional<Subscription> subscription(String userId, String deviceId, String conversationId) {
        return conversations.member(conversationId, userId, deviceId)
                .filter(MemberDevice::active)
                .map(member -> new Subscription(conversationId, Math.max(member.joinedSeq(),
                        cursors.lock(conversationId, userId, deviceId).map(DeliveryCursor::ackedSeq).orElse(0L))));
    }

    /** Up to {@code limit} (at most {@link ConversationLog#MAX_PAGE}) entries after {@code after} for the device. */
    @Transactional
    public Batch pull(String conversationId, String userId, String deviceId, long after, int limit) {
        Optional<MemberDevice> member = conversations.member(conversationId, userId, deviceId);
        Optional<Conversation> conversation = conversations.find(conversationId);
        if (member.isEmpty() || conversation.isEmpty()) {
            return new Batch(List.of(), after, false, false, null);
        }
        // The head is read before the entries: every entry up to it is then in the result unless the page is full.
        long head = conversation.get().lastSeq();
        if (member.get().leftSeq() != null) {
            head = Math.min(head, member.get().leftSeq());
        }
        int size = Math.max(1, Math.min(limit, ConversationLog.MAX_PAGE));
        long pruned = conversation.get().prunedSeq();
        while (true) {
            Long firstAvailable = member.get().firstAvailableAfter(after, pruned);
            long from = firstAvailable == null ? after : firstAvailable - 1;
            List<SequencedEntry> entries = log.entriesAfter(conversationId, userId, deviceId, from, size + 1);
            // Retention may have committed between reading pruned_seq and reading the entries: read it again, and
            // start over if it moved, so that deleted entries are reported as a gap, never skipped silently.
            long prunedNow = conversations.prunedSeq(conversationId);
            if (prunedNow != pruned) {
                pruned = prunedNow;
                continue;
            }
            boolean more = entries.size() > size;
            if (more) {
                entries = entries.subList(0, size);
            }
            long last = entries.isEmpty() ? from : entries.get(entries.size() - 1).seq();
            long position = more ? last : Math.max(last, Math.max(from, head));
            return new Batch(List.copyOf(entries), position, more, member.get().active(), firstAvailable);
        }
    }

    /**
     * Applies retention to one conversation, in a transaction of its own that holds the conversation's write lock:
     * deletes the entries every current member device acknowledged, and those beyond the configured age, count or
     * bytes, whether acknowledged or not — but never a commit or Welcome that a current member device still needs
     * ({@link #firstStillNeeded}): the deleted prefix stops before the first of them. Returns how many entries were
     * deleted.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int prune(String conversationId) {
        Optional<Conversation> locked = conversations.lock(conversationId);
        if (locked.isEmpty()) {
            return 0;
        }
        Conversation conversation = locked.get();
        long head = conversation.lastSeq();
        Map<String, Long> acked = cursors.cursorsOfConversation(conversationId);
        long ackedByAll = head;
        Map<String, Long> memberCursors = new HashMap<>();
        for (MemberDevice member : conversations.members(conversationId)) {
            String device = member.userId() + "/" + member.deviceId();
            long cursor = Math.max(member.joinedSeq(), acked.getOrDefault(device, 0L));
            memberCursors.put(device, cursor);
            ackedByAll = Math.min(ackedByAll, cursor);
        }
        long cutoff = ackedByAll;
        if (!config.retentionAge().isZero()) {
            cutoff = Math.max(cutoff, conversations.lastSeqBefore(conversationId, clock.instant().minus(config.retentionAge())));
        }
        if (config.retentionMaxEntries() > 0) {
            cutoff = Math.max(cutoff, head - config.retentionMaxEntries());
        }
        if (config.retentionMaxBytes() > 0) {
            cutoff = Math.max(cutoff, conversations.lastSeqBeyondBytes(conversationId, config.retentionMaxBytes()));
        }
        cutoff = Math.min(cutoff, head);
        if (cutoff > ackedByAll) {
            cutoff = Math.min(cutoff, firstStillNeeded(conversations.membershipEntries(conversationId, ackedByAll, cutoff),
                    cutoff, memberCursors) - 1);
        }
        if (cutoff <= conversation.prunedSeq()) {
            return 0;
        }
        int deleted = conversations.deleteEntriesUpTo(conversationId, cutoff);
        conversation.pruned(cutoff);
        return deleted;
    }

    /**
     * The first of the commit and Welcome {@code entries} (by seq, none beyond {@code upTo}) that a current member device
     * (its cursor in {@code memberCursors}, keyed {@code user/device}) has not acknowledged and still needs to follow the
     * group, or {@code upTo + 1}: a Welcome is needed by its target device until that device's
     * cursor passes it; a commit by every member device whose cursor is before it, except the device that sent it
     * (which applied it when the gateway accepted it). Application messages are never needed in this sense: a device
     * that misses some learns of it as a history gap and still follows the group.
     */
    static long firstStillNeeded(List<ConversationStore.MembershipEntry> entries, long upTo, Map<String, Long> memberCursors) {
        for (ConversationStore.MembershipEntry entry : entries) {
            boolean needed = entry.kind() == EntryKind.WELCOME
                    ? memberCursors.getOrDefault(entry.targetUserId() + "/" + entry.targetDeviceId(), Long.MAX_VALUE) < entry.seq()
                    : memberCursors.entrySet().stream().anyMatch(cursor -> cursor.getValue() < entry.seq()
                            && !cursor.getKey().equals(entry.senderUserId() + "/" + entry.senderDeviceId()));
            if (needed) {
                return entry.seq();
            }
        }
        return upTo + 1;
    }

    /**
     * Acknowledges the device's receipt of the conversation's entries up to {@code seq}; returns the cursor, which
     * is {@code max(cursor, seq)} limited to the entries that exist for the device.
     */
    @Transactional
    public long ack(String userId, String deviceId, String conversationId, long seq) {
        devices.requireActive(userId, deviceId);
        if (seq < 0) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "seq: must not be negative.");
        }
        Conversation conversation = conversations.find(conversationId)
                .orElseThrow(() -> new ParleyException(ParleyError.CONVERSATION_NOT_FOUND));
        MemberDevice member = conversations.member(conversationId, userId, deviceId).orElseThrow(() ->
                conversations.participant(conversationId, userId).isPresent() || conversations.everMember(conversationId, userId)
                        ? new ParleyException(ParleyError.NOT_MEMBER)
                        : new ParleyException(ParleyError.CONVERSATION_NOT_FOUND));
        long limit = member.leftSeq() == null ? conversation.lastSeq() : Math.min(conversation.lastSeq(), member.leftSeq());
        long target = Math.max(member.joinedSeq(), Math.min(seq, limit));
        Optional<DeliveryCursor> cursor = cursors.lock(conversationId, userId, deviceId);
        if (cursor.isPresent()) {
            return cursor.get().advance(target, clock.instant());
        }
        try {
            cursors.insert(new DeliveryCursor(conversationId, userId, deviceId, target, clock.instant()));
        } catch (PersistenceException concurrentFirstAck) {
            throw new ParleyException(ParleyError.CONFLICT, "Another acknowledgement of this device ran at the same moment; retry.");
        }
        return target;
    }
}
