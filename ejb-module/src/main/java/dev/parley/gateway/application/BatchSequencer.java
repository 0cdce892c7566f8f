package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.gateway.infrastructure.persistence.LogBatchStore;
import dev.parley.gateway.infrastructure.persistence.LogBatchStore.ActiveMember;
import dev.parley.gateway.infrastructure.persistence.LogBatchStore.Existing;
import dev.parley.gateway.infrastructure.persistence.LogBatchStore.Head;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.StaleEpochException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sequences a batch of application messages to any number of conversations in one database transaction: the group
 * commit of the log. The rules are those of {@link ConversationLog#send} for each message, decided against the locked
 * conversation rows; accepted messages take their conversation's next seqs in the order they were submitted.
 *
 * <p>Invariants: a rejected message changes nothing and consumes no seq, whatever else the batch holds; a resubmitted
 * {@code msg_id} (stored before, or earlier in the same batch) returns the original seq and stores nothing; either
 * every accepted message of the batch is stored or (the transaction failing) none is.
 */
@ApplicationScoped
public class BatchSequencer {

    /** One application message, checked and parsed, waiting for its seq. */
    public record Submission(String userId, String deviceId, String conversationId, String msgId, byte[] message,
            String groupId, long epoch) {
    }

    /**
     * What became of a batch: per submission (same order) either a {@link ConversationLog.Appended} or the
     * {@link ParleyException} that refused it; the new entries by conversation, in seq order.
     */
    public record Result(List<Object> outcomes, Map<String, List<SequencedEntry>> appended) {
    }

    private final Clock clock = Clock.systemUTC();

    @Inject
    LogBatchStore batches;

    @Inject
    ConversationStore conversations;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Result sequence(List<Submission> submissions) {
        Set<String> conversationIds = new LinkedHashSet<>();
        Set<ActiveMember> senders = new LinkedHashSet<>();
        Set<LogBatchStore.MsgKey> msgIds = new LinkedHashSet<>();
        for (Submission submission : submissions) {
            conversationIds.add(submission.conversationId());
            senders.add(new ActiveMember(submission.conversationId(), submission.userId(), submission.deviceId()));
            msgIds.add(new LogBatchStore.MsgKey(submission.conversationId(), submission.msgId()));
        }
        Map<String, Head> heads = batches.lockHeads(conversationIds);
        Set<ActiveMember> members = new HashSet<>(batches.activeMembers(senders));
        Map<String, Existing> existing = new HashMap<>();
        for (Existing entry : batches.existing(msgIds)) {
            existing.put(key(entry.conversationId(), entry.msgId()), entry);
        }

        Map<String, Long> lastSeq = new HashMap<>();
        Map<String, List<SequencedEntry>> appended = new LinkedHashMap<>();
        List<SequencedEntry> entries = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>(submissions.size());
        for (Submission submission : submissions) {
            try {
                Head head = heads.get(submission.conversationId());
                if (head == null) {
                    throw new ParleyException(ParleyError.CONVERSATION_NOT_FOUND);
                }
                boolean member = members.contains(new ActiveMember(submission.conversationId(), submission.userId(),
                        submission.deviceId()));
                if (!member) {
                    requireVisible(submission);
                }
                Existing before = existing.get(key(submission.conversationId(), submission.msgId()));
                if (before != null) {
                    outcomes.add(repeated(before, submission, head.epoch()));
                    continue;
                }
                if (!member) {
                    throw new ParleyException(ParleyError.NOT_MEMBER);
                }
                if (!head.groupId().equals(submission.groupId())) {
                    throw new ParleyException(ParleyError.UNKNOWN_GROUP);
                }
                long epoch = submission.epoch();
                if (epoch < 0 || epoch > head.epoch() || head.epoch() - epoch > ConversationLog.EPOCH_WINDOW) {
                    throw new StaleEpochException(epoch, head.epoch());
                }
                long seq = lastSeq.getOrDefault(head.conversationId(), head.lastSeq()) + 1;
                lastSeq.put(head.conversationId(), seq);
                SequencedEntry entry = new SequencedEntry(head.conversationId(), seq, EntryKind.APPLICATION,
                        submission.msgId(), epoch, submission.userId(), submission.deviceId(), null, null,
                        submission.message());
                entries.add(entry);
                appended.computeIfAbsent(head.conversationId(), c -> new ArrayList<>()).add(entry);
                existing.put(key(head.conversationId(), submission.msgId()), new Existing(head.conversationId(),
                        submission.msgId(), seq, EntryKind.APPLICATION, submission.userId(), submission.deviceId()));
                outcomes.add(new ConversationLog.Appended(seq, head.epoch(), false));
            } catch (ParleyException refused) {
                outcomes.add(refused);
            }
        }
        if (!entries.isEmpty()) {
            Instant now = clock.instant();
            batches.append(entries, heads, lastSeq, now);
        }
        return new Result(outcomes, appended);
    }

    /** The refusal for a device that is no member now: the conversation is unknown to users who never took part. */
    private void requireVisible(Submission submission) {
        if (conversations.participant(submission.conversationId(), submission.userId()).isEmpty()
                && !conversations.everMember(submission.conversationId(), submission.userId())) {
            throw new ParleyException(ParleyError.CONVERSATION_NOT_FOUND);
        }
    }

    private static ConversationLog.Appended repeated(Existing entry, Submission submission, long epoch) {
        if (entry.kind() != EntryKind.APPLICATION || !entry.senderUserId().equals(submission.userId())
                || !entry.senderDeviceId().equals(submission.deviceId())) {
            throw new ParleyException(ParleyError.CONFLICT, "msg_id " + submission.msgId()
                    + " was already used for another message in this conversation; choose a fresh one.");
        }
        return new ConversationLog.Appended(entry.seq(), epoch, true);
    }

    private static String key(String conversationId, String msgId) {
        return conversationId + "\n" + msgId;
    }
}
