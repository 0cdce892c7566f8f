package dev.parley.gateway.domain.model.conversation;

/**
 * Entries may have been appended to any conversation without an announcement of it reaching this node (the cluster's
 * membership changed: a node that left may not have announced its last commits, one that joined may have committed
 * before it was heard): whoever follows a conversation on this node reads its log again. Fired (CDI event) outside any
 * transaction.
 *
 * @param reason why, for the log
 */
public record LogsMayHaveAdvanced(String reason) {
}
