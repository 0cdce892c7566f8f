package dev.parley.client.store;

/**
 * The sealed MLS state of a conversation's group.
 *
 * @param pendingMsgId     msg_id of this device's commit not accepted yet, or null
 * @param pendingSuccessor sealed state after that commit, or null
 * @param pendingCommit    that commit (MLSMessage bytes), or null
 */
public record StoredGroup(String convId, long epoch, byte[] currentState, byte[] previousState, String pendingMsgId,
                          byte[] pendingSuccessor, byte[] pendingCommit) {
}
