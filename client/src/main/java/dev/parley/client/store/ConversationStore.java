package dev.parley.client.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.parley.client.store.LocalStore.instant;
import static dev.parley.client.store.LocalStore.timestamp;

/**
 * Conversations, their MLS group states, decrypted messages and the outbox, in the local store. Bodies and states
 * arrive sealed: this class never sees a secret in the clear. Every method is one transaction, or joins the caller's
 * ({@link LocalStore#inTransaction}).
 */
public final class ConversationStore {

    private static final String CONVERSATION_COLUMNS = "conv_id, kind, name, group_id, epoch, state, peer_user_id, "
            + "processed_seq, acked_seq, created_at, updated_at";
    private static final String MESSAGE_COLUMNS = "conv_id, seq, msg_id, sender_user_id, sender_device_id, kind, body, "
            + "sent_at, received_at";

    private final LocalStore store;

    ConversationStore(LocalStore store) {
        this.store = store;
    }

    // --- conversations

    /** Adds a conversation unless it is known; returns whether it was added. */
    public boolean addConversation(LocalConversation conversation) {
        return store.transaction(() -> {
            if (conversation(conversation.convId()).isPresent()) {
                return false;
            }
            try (PreparedStatement insert = connection().prepareStatement("INSERT INTO conversation (" + CONVERSATION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, conversation.convId());
                insert.setString(2, conversation.kind());
                insert.setString(3, conversation.name());
                insert.setBytes(4, conversation.groupId());
                insert.setLong(5, conversation.epoch());
                insert.setString(6, conversation.state());
                insert.setString(7, conversation.peerUserId());
                insert.setLong(8, conversation.processedSeq());
                insert.setLong(9, conversation.ackedSeq());
                insert.setTimestamp(10, timestamp(conversation.createdAt()));
                insert.setTimestamp(11, timestamp(conversation.updatedAt()));
                insert.executeUpdate();
            }
            return true;
        });
    }

    public Optional<LocalConversation> conversation(String convId) {
        return store.transaction(() -> {
            List<LocalConversation> found = conversations("WHERE conv_id = ?", convId);
            return found.stream().findFirst();
        });
    }

    /** Every conversation, most recently updated first. */
    public List<LocalConversation> conversations() {
        return store.transaction(() -> conversations("ORDER BY updated_at DESC, conv_id"));
    }

    public void updateConversation(String convId, String name, long epoch, Instant now) {
        store.transaction(() -> update("UPDATE conversation SET name = COALESCE(?, name), epoch = ?, updated_at = ? "
                + "WHERE conv_id = ?", name, epoch, timestamp(now), convId));
    }

    public void setState(String convId, String state, Instant now) {
        store.transaction(() -> update("UPDATE conversation SET state = ?, updated_at = ? WHERE conv_id = ?", state,
                timestamp(now), convId));
    }

    /** Moves the processed seq forward (never back). */
    public void markProcessed(String convId, long seq, Instant now) {
        store.transaction(() -> update("UPDATE conversation SET processed_seq = GREATEST(processed_seq, ?), updated_at = ? "
                + "WHERE conv_id = ?", seq, timestamp(now), convId));
    }

    public void markAcked(String convId, long seq) {
        store.transaction(() -> update("UPDATE conversation SET acked_seq = GREATEST(acked_seq, ?) WHERE conv_id = ?", seq,
                convId));
    }

    // --- MLS group states

    public Optional<StoredGroup> group(String convId) {
        return store.transaction(() -> {
            try (PreparedStatement query = connection().prepareStatement("SELECT conv_id, epoch, current_state, "
                    + "previous_state, pending_msg_id, pending_successor, pending_commit FROM group_state WHERE conv_id = ?")) {
                query.setString(1, convId);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StoredGroup(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getBytes(4),
                            rs.getString(5), rs.getBytes(6), rs.getBytes(7)));
                }
            }
        });
    }

    /** Writes a group state (replacing the stored one) and the conversation's epoch. */
    public void saveGroup(StoredGroup group, Instant now) {
        store.transaction(() -> {
            try (PreparedStatement merge = connection().prepareStatement("MERGE INTO group_state (conv_id, epoch, "
                    + "current_state, previous_state, pending_msg_id, pending_successor, pending_commit, updated_at) "
                    + "KEY (conv_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, group.convId());
                merge.setLong(2, group.epoch());
                merge.setBytes(3, group.currentState());
                merge.setBytes(4, group.previousState());
                merge.setString(5, group.pendingMsgId());
                merge.setBytes(6, group.pendingSuccessor());
                merge.setBytes(7, group.pendingCommit());
                merge.setTimestamp(8, timestamp(now));
                merge.executeUpdate();
            }
            return update("UPDATE conversation SET epoch = ?, updated_at = ? WHERE conv_id = ?", group.epoch(),
                    timestamp(now), group.convId());
        });
    }

    /** Forgets a group's state (this device left or was removed: its keys must go). */
    public void deleteGroup(String convId) {
        store.transaction(() -> update("DELETE FROM group_state WHERE conv_id = ?", convId));
    }

    // --- messages

    /** Stores a message unless its seq is stored already; returns whether it was stored. */
    public boolean addMessage(StoredMessage message) {
        return store.transaction(() -> {
            try (PreparedStatement query = connection().prepareStatement(
                    "SELECT 1 FROM message WHERE conv_id = ? AND seq = ?")) {
                query.setString(1, message.convId());
                query.setLong(2, message.seq());
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection().prepareStatement("INSERT INTO message (" + MESSAGE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, message.convId());
                insert.setLong(2, message.seq());
                insert.setString(3, message.msgId());
                insert.setString(4, message.senderUserId());
                insert.setString(5, message.senderDeviceId());
                insert.setString(6, message.kind());
                insert.setBytes(7, message.body());
                insert.setTimestamp(8, timestamp(message.sentAt()));
                insert.setTimestamp(9, timestamp(message.receivedAt()));
                insert.executeUpdate();
            }
            return true;
        });
    }

    public boolean hasMessage(String convId, String msgId) {
        return store.transaction(() -> {
            try (PreparedStatement query = connection().prepareStatement(
                    "SELECT 1 FROM message WHERE conv_id = ? AND msg_id = ?")) {
                query.setString(1, convId);
                query.setString(2, msgId);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The last {@code limit} messages of a conversation, oldest first. */
    public List<StoredMessage> messages(String convId, int limit) {
        return store.transaction(() -> {
            List<StoredMessage> messages = new ArrayList<>();
            try (PreparedStatement query = connection().prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM (SELECT * FROM "
                    + "message WHERE conv_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq")) {
                query.setString(1, convId);
                query.setInt(2, limit);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        messages.add(new StoredMessage(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getBytes(7), instant(rs, 8), instant(rs, 9)));
                    }
                }
            }
            return messages;
        });
    }

    // --- outbox

    public void enqueue(OutboxEntry entry) {
        store.transaction(() -> {
            try (PreparedStatement insert = connection().prepareStatement("INSERT INTO outbox (msg_id, conv_id, body, "
                    + "created_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.msgId());
                insert.setString(2, entry.convId());
                insert.setBytes(3, entry.body());
                insert.setTimestamp(4, timestamp(entry.createdAt()));
                insert.setInt(5, entry.attempts());
                insert.setString(6, entry.lastError());
                return insert.executeUpdate();
            }
        });
    }

    /** The outbox of a conversation (every conversation if null), oldest first. */
    public List<OutboxEntry> outbox(String convId) {
        return store.transaction(() -> {
            List<OutboxEntry> entries = new ArrayList<>();
            try (PreparedStatement query = connection().prepareStatement("SELECT msg_id, conv_id, body, created_at, attempts, "
                    + "last_error FROM outbox WHERE ? IS NULL OR conv_id = ? ORDER BY created_at, msg_id")) {
                query.setString(1, convId);
                query.setString(2, convId);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new OutboxEntry(rs.getString(1), rs.getString(2), rs.getBytes(3), instant(rs, 4),
                                rs.getInt(5), rs.getString(6)));
                    }
                }
            }
            return entries;
        });
    }

    public Optional<OutboxEntry> outboxEntry(String convId, String msgId) {
        return outbox(convId).stream().filter(entry -> entry.msgId().equals(msgId)).findFirst();
    }

    public void recordAttempt(String msgId, String error) {
        store.transaction(() -> update("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE msg_id = ?", error, msgId));
    }

    public void removeFromOutbox(String msgId) {
        store.transaction(() -> update("DELETE FROM outbox WHERE msg_id = ?", msgId));
    }

    // --- plumbing

    private Connection connection() {
        return store.connection();
    }

    private List<LocalConversation> conversations(String where, Object... parameters) throws SQLException {
        List<LocalConversation> found = new ArrayList<>();
        try (PreparedStatement query = connection().prepareStatement("SELECT " + CONVERSATION_COLUMNS + " FROM conversation "
                + where)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(new LocalConversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            rs.getLong(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), instant(rs, 10),
                            instant(rs, 11)));
                }
            }
        }
        return found;
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = connection().prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }
}
