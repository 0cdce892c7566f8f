package dev.parley.gateway.infrastructure.persistence;

import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The statements of a group commit, in plain JDBC on the caller's (JTA) transaction. On PostgreSQL a batch of appends
 * to many conversations costs a fixed number of round trips, not one per message: the sets are passed as arrays with
 * {@code = ANY(?)}, which PostgreSQL answers from the indexes. H2 evaluates {@code = ANY(?)} row by row over a
 * range of the index instead (a cost that grows with the log), so on H2, which runs in the gateway's own process and
 * has no round trips, each key is looked up by its own execution of one prepared statement. Every statement text is
 * constant, so the datasource's prepared-statement cache prepares each once per connection. Callers provide the
 * transaction; connections taken here are handles of the transaction's one connection.
 *
 * <p>Invariant: {@link #lockHeads} takes the write lock of every conversation row it returns, in id order, so batches
 * and the single-conversation writers ({@link ConversationStore#lock}) never deadlock and each sees what the previous
 * writer of a conversation committed.
 */
@ApplicationScoped
public class LogBatchStore {

    /** A conversation's row as the sequencer needs it: the MLS group, its epoch and the last seq taken. */
    public record Head(String conversationId, String groupId, long epoch, long lastSeq) {
    }

    /** An entry already in the log, found by its {@code msg_id}. */
    public record Existing(String conversationId, String msgId, long seq, EntryKind kind, String senderUserId,
            String senderDeviceId) {
    }

    /** A device that is a member of a conversation's group now. */
    public record ActiveMember(String conversationId, String userId, String deviceId) {
    }

    private static final String LOCK_HEADS = "SELECT id, group_id, epoch, last_seq FROM conversation"
            + " WHERE id = ANY(?) ORDER BY id FOR UPDATE";
    private static final String ACTIVE_MEMBERS = "SELECT conversation_id, user_id, device_id FROM conversation_member"
            + " WHERE conversation_id = ANY(?) AND device_id = ANY(?) AND left_seq IS NULL";
    private static final String EXISTING = "SELECT conversation_id, msg_id, seq, kind, sender_user_id, sender_device_id"
            + " FROM conversation_entry WHERE conversation_id = ANY(?) AND msg_id = ANY(?)";
    private static final String LOCK_HEAD = "SELECT id, group_id, epoch, last_seq FROM conversation WHERE id = ? FOR UPDATE";
    private static final String ACTIVE_MEMBER = "SELECT 1 FROM conversation_member"
            + " WHERE conversation_id = ? AND user_id = ? AND device_id = ? AND left_seq IS NULL";
    private static final String EXISTING_ONE = "SELECT conversation_id, msg_id, seq, kind, sender_user_id, sender_device_id"
            + " FROM conversation_entry WHERE conversation_id = ? AND msg_id = ?";
    private static final String INSERT = "INSERT INTO conversation_entry (conversation_id, seq, kind, msg_id, epoch,"
            + " sender_user_id, sender_device_id, target_user_id, target_device_id, message, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ADVANCE = "UPDATE conversation SET last_seq = ? WHERE id = ? AND last_seq = ?";

    /** A {@code msg_id} of a conversation. */
    public record MsgKey(String conversationId, String msgId) {
    }

    @Resource(lookup = ParleyDataSource.JNDI_NAME)
    DataSource dataSource;

    private volatile Boolean postgresql;

    /** The heads of the conversations that exist among {@code ids}, their rows locked until the transaction ends. */
    public Map<String, Head> lockHeads(Collection<String> ids) {
        Map<String, Head> heads = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            if (postgresql(connection)) {
                try (PreparedStatement statement = connection.prepareStatement(LOCK_HEADS)) {
                    statement.setArray(1, array(connection, ids));
                    readHeads(statement, heads);
                }
            } else {
                try (PreparedStatement statement = connection.prepareStatement(LOCK_HEAD)) {
                    for (String id : new java.util.TreeSet<>(ids)) {
                        statement.setString(1, id);
                        readHeads(statement, heads);
                    }
                }
            }
            return heads;
        } catch (SQLException e) {
            throw new LogStoreException("locking conversation heads", e);
        }
    }

    /** Which of the {@code candidates} are current members of their conversations (possibly with others besides). */
    public List<ActiveMember> activeMembers(Collection<ActiveMember> candidates) {
        List<ActiveMember> members = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            if (postgresql(connection)) {
                try (PreparedStatement statement = connection.prepareStatement(ACTIVE_MEMBERS)) {
                    statement.setArray(1, array(connection, candidates.stream().map(ActiveMember::conversationId).distinct().toList()));
                    statement.setArray(2, array(connection, candidates.stream().map(ActiveMember::deviceId).distinct().toList()));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            members.add(new ActiveMember(rows.getString(1), rows.getString(2), rows.getString(3)));
                        }
                    }
                }
                return members;
            }
            try (PreparedStatement statement = connection.prepareStatement(ACTIVE_MEMBER)) {
                for (ActiveMember candidate : new java.util.LinkedHashSet<>(candidates)) {
                    statement.setString(1, candidate.conversationId());
                    statement.setString(2, candidate.userId());
                    statement.setString(3, candidate.deviceId());
                    try (ResultSet row = statement.executeQuery()) {
                        if (row.next()) {
                            members.add(candidate);
                        }
                    }
                }
            }
            return members;
        } catch (SQLException e) {
            throw new LogStoreException("reading member devices", e);
        }
    }

    /** The entries that carry one of the {@code msg_id}s (possibly with others besides, filtered by the caller). */
    public List<Existing> existing(Collection<MsgKey> keys) {
        List<Existing> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            if (postgresql(connection)) {
                try (PreparedStatement statement = connection.prepareStatement(EXISTING)) {
                    statement.setArray(1, array(connection, keys.stream().map(MsgKey::conversationId).distinct().toList()));
                    statement.setArray(2, array(connection, keys.stream().map(MsgKey::msgId).distinct().toList()));
                    readExisting(statement, found);
                }
                return found;
            }
            try (PreparedStatement statement = connection.prepareStatement(EXISTING_ONE)) {
                for (MsgKey key : new java.util.LinkedHashSet<>(keys)) {
                    statement.setString(1, key.conversationId());
                    statement.setString(2, key.msgId());
                    readExisting(statement, found);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new LogStoreException("reading msg_ids", e);
        }
    }

    /**
     * Inserts the entries (one JDBC batch) and moves each conversation's {@code last_seq} from the locked head's value
     * to the new one. The update is fenced by the old value: should a head have moved although its row was locked, the
     * whole transaction fails instead of writing a seq twice.
     */
    public void append(List<SequencedEntry> entries, Map<String, Head> before, Map<String, Long> after, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                OffsetDateTime createdAt = now.atOffset(ZoneOffset.UTC);
                for (SequencedEntry entry : entries) {
                    insert.setString(1, entry.conversationId());
                    insert.setLong(2, entry.seq());
                    insert.setString(3, entry.kind().name());
                    insert.setString(4, entry.msgId());
                    insert.setLong(5, entry.epoch());
                    insert.setString(6, entry.senderUserId());
                    insert.setString(7, entry.senderDeviceId());
                    nullable(insert, 8, entry.targetUserId());
                    nullable(insert, 9, entry.targetDeviceId());
                    insert.setBytes(10, entry.message());
                    insert.setObject(11, createdAt);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
                for (Map.Entry<String, Long> head : after.entrySet()) {
                    advance.setLong(1, head.getValue());
                    advance.setString(2, head.getKey());
                    advance.setLong(3, before.get(head.getKey()).lastSeq());
                    advance.addBatch();
                }
                for (int updated : advance.executeBatch()) {
                    if (updated == 0) {
                        throw new LogStoreException("a conversation head moved while it was locked", null);
                    }
                }
            }
        } catch (SQLException e) {
            throw new LogStoreException("appending " + entries.size() + " entries", e);
        }
    }

    private static void readHeads(PreparedStatement statement, Map<String, Head> heads) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Head head = new Head(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4));
                heads.put(head.conversationId(), head);
            }
        }
    }

    private static void readExisting(PreparedStatement statement, List<Existing> found) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(new Existing(rows.getString(1), rows.getString(2), rows.getLong(3),
                        EntryKind.valueOf(rows.getString(4)), rows.getString(5), rows.getString(6)));
            }
        }
    }

    private boolean postgresql(Connection connection) throws SQLException {
        Boolean known = postgresql;
        if (known == null) {
            known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            postgresql = known;
        }
        return known;
    }

    private static void nullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static Array array(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("VARCHAR", values.toArray(new String[0]));
    }

    /** A statement of a group commit failed; the transaction rolls back and nothing of the batch is stored. */
    public static final class LogStoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LogStoreException(String what, SQLException cause) {
            super("Group commit failed while " + what + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
    }
}
