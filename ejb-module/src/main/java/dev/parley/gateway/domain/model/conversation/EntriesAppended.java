package dev.parley.gateway.domain.model.conversation;

import java.util.List;

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
}
