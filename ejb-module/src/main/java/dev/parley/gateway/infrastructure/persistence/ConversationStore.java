package dev.parley.gateway.infrastructure.persistence;

import dev.parley.gateway.domain.model.conversation.CommitWelcome;
import dev.parley.gateway.domain.model.conversation.Conversation;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.LogEntry;
import dev.parley.gateway.domain.model.conversation.MemberDevice;
import dev.parley.gateway.domain.model.conversation.Participant;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.conversation.StoredGroupInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and writes conversations, their participants, member devices, log entries and GroupInfos. Callers provide
 * the transaction, except {@link #insert}.
 *
 * <p>Invariant: every write to a conversation's log, members or epoch happens after {@link #lock} in the same
 * transaction. The lock is the conversation row's write lock ({@code SELECT ... FOR UPDATE} on H2 and PostgreSQL),
 * so writers of one conversation run one after the other and each sees what the previous one committed: this is
 * what makes seqs gap-free and strictly increasing and lets exactly one commit per epoch through.
 */
@ApplicationScoped
public class ConversationStore {

    @PersistenceContext(unitName = "parley")
    EntityManager entityManager;

    /**
     * Stores a new conversation with its participants and first member device, and flushes, in a transaction of its
     * own, so that a unique-key violation (a second direct conversation of a pair, a group_id in use) surfaces here
     * as a {@link jakarta.persistence.PersistenceException} and leaves the caller's state untouched.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void insert(Conversation conversation, List<Participant> participants, MemberDevice creator,
            StoredGroupInfo groupInfo) {
        entityManager.persist(conversation);
        entityManager.flush();
        participants.forEach(entityManager::persist);
        entityManager.persist(creator);
        if (groupInfo != null) {
            entityManager.persist(groupInfo);
        }
        entityManager.flush();
    }

    /** The conversation, its row locked for writing until the transaction ends. */
    public Optional<Conversation> lock(String id) {
        return Optional.ofNullable(entityManager.find(Conversation.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public Optional<Conversation> find(String id) {
        return Optional.ofNullable(entityManager.find(Conversation.class, id));
    }

    /**
     * The conversation's {@code pruned_seq} as committed now (a query, not the entity this transaction may hold): read
     * after a conversation's entries, it tells whether retention deleted some of them meanwhile.
     */
    public long prunedSeq(String id) {
        return entityManager.createQuery("select c.prunedSeq from Conversation c where c.id = :id", Long.class)
                .setParameter("id", id)
                .getResultStream().findFirst().orElse(0L);
    }

    public Optional<Conversation> findDm(String dmKey) {
        return entityManager.createQuery("select c from Conversation c where c.dmKey = :key", Conversation.class)
                .setParameter("key", dmKey)
                .getResultStream().findFirst();
    }

    public boolean groupIdInUse(String groupIdHex) {
        return !entityManager.createQuery("select c.id from Conversation c where c.groupId = :group", String.class)
                .setParameter("group", groupIdHex)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    public Optional<Participant> participant(String conversationId, String userId) {
        return Optional.ofNullable(entityManager.find(Participant.class, new Participant.Key(conversationId, userId)));
    }

    public List<Participant> participants(String conversationId) {
        return entityManager.createQuery("select p from Participant p where p.conversationId = :c order by p.since, p.userId",
                        Participant.class)
                .setParameter("c", conversationId)
                .getResultList();
    }

    public void addParticipant(Participant participant) {
        entityManager.persist(participant);
    }

    public void removeParticipant(Participant participant) {
        entityManager.remove(participant);
    }

    /** The conversations the user takes part in, newest first. */
    public List<Conversation> conversationsOf(String userId) {
        return entityManager.createQuery("select c from Conversation c, Participant p where p.conversationId = c.id"
                        + " and p.userId = :user order by c.createdAt desc, c.id", Conversation.class)
                .setParameter("user", userId)
                .getResultList();
    }

    /** How many conversations a user created since a moment, and when the oldest of them was created. */
    public record Created(long count, Instant oldest) {
    }

    /** The conversations {@code userId} created at or after {@code since} (index {@code ix_conversation_created_by}). */
    public Created createdSince(String userId, Instant since) {
        Object[] row = entityManager.createQuery("select count(c), min(c.createdAt) from Conversation c"
                        + " where c.createdBy = :user and c.createdAt >= :since", Object[].class)
                .setParameter("user", userId)
                .setParameter("since", since)
                .getSingleResult();
        return new Created(((Number) row[0]).longValue(), row[1] == null ? since : (Instant) row[1]);
    }

    /** How many conversations the user takes part in now. */
    public long conversationCount(String userId) {
        return entityManager.createQuery("select count(p) from Participant p where p.userId = :user", Long.class)
                .setParameter("user", userId)
                .getSingleResult();
    }

    /** Whether the two users take part in at least one conversation together. */
    public boolean shareAConversation(String userId, String otherUserId) {
        return !entityManager.createQuery("select p.conversationId from Participant p, Participant q"
                        + " where p.conversationId = q.conversationId and p.userId = :user and q.userId = :other", String.class)
                .setParameter("user", userId)
                .setParameter("other", otherUserId)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** The ids of the conversations whose group the device is a member of now. */
    public List<String> conversationsOfDevice(String userId, String deviceId) {
        return entityManager.createQuery("select m.conversationId from MemberDevice m where m.userId = :user"
                        + " and m.deviceId = :device and m.leftSeq is null order by m.conversationId", String.class)
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .getResultList();
    }

    /** The device's current memberships (for delivery). */
    public List<MemberDevice> membershipsOfDevice(String userId, String deviceId) {
        return entityManager.createQuery("select m from MemberDevice m where m.userId = :user and m.deviceId = :device"
                        + " and m.leftSeq is null order by m.conversationId", MemberDevice.class)
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .getResultList();
    }

    /** The device's membership row (current or past), if it ever was a member. */
    public Optional<MemberDevice> member(String conversationId, String userId, String deviceId) {
        return Optional.ofNullable(entityManager.find(MemberDevice.class,
                new MemberDevice.Key(conversationId, userId, deviceId)));
    }

    /** Whether any device of the user ever was a member of the conversation's group. */
    public boolean everMember(String conversationId, String userId) {
        return !entityManager.createQuery("select m.deviceId from MemberDevice m where m.conversationId = :c and m.userId = :user",
                        String.class)
                .setParameter("c", conversationId)
                .setParameter("user", userId)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** The current member devices, by leaf index. */
    public List<MemberDevice> members(String conversationId) {
        return entityManager.createQuery("select m from MemberDevice m where m.conversationId = :c and m.leftSeq is null"
                        + " order by m.leafIndex", MemberDevice.class)
                .setParameter("c", conversationId)
                .getResultList();
    }

    public void addMember(MemberDevice member) {
        entityManager.persist(member);
    }

    public Optional<SequencedEntry> entryByMsgId(String conversationId, String msgId) {
        return entityManager.createQuery("select e from LogEntry e where e.conversationId = :c and e.msgId = :m", LogEntry.class)
                .setParameter("c", conversationId)
                .setParameter("m", msgId)
                .getResultStream().findFirst().map(LogEntry::view);
    }

    public void append(LogEntry entry) {
        entityManager.persist(entry);
    }

    /** Stores a commit's Welcome once; its Welcome entries ({@link LogEntry#welcomeOf}) refer to it. */
    public void addWelcome(CommitWelcome welcome) {
        entityManager.persist(welcome);
    }

    /**
     * Up to {@code limit} entries with {@code after < seq <= upTo} that the device may read (untargeted ones and those
     * targeted at it), by seq.
     */
    public List<SequencedEntry> entries(String conversationId, String userId, String deviceId, long after, long upTo, int limit) {
        return entries(conversationId, userId, deviceId, after, upTo, limit, Long.MAX_VALUE);
    }

    /**
     * As {@link #entries(String, String, String, long, long, int)}, stopping once the messages exceed {@code maxBytes}.
     *
     * <p>Seqs are gap-free, so the next {@code limit} seqs hold the next {@code limit} entries: the log is read in
     * windows of seqs, each a primary-key range the database sorts cheaply. (A query for "the first {@code limit}
     * after {@code after}" makes H2 sort every later entry of the conversation on every page, which made a long
     * catch-up quadratic.) Only a prefix of a log is ever deleted: a window whose last seq is missing holds the log's end;
     * a first window with nothing in it may also lie in the pruned prefix, and then that plain query finds where the log
     * resumes.
     */
    public List<SequencedEntry> entries(String conversationId, String userId, String deviceId, long after, long upTo, int limit,
            long maxBytes) {
        PageBuilder page = new PageBuilder(userId, deviceId, limit, maxBytes);
        long cursor = after;
        while (!page.full() && cursor < upTo) {
            long windowEnd = upTo - cursor <= limit ? upTo : cursor + limit;
            List<SequencedEntry> window = windowQuery(conversationId, cursor, windowEnd).getResultList();
            for (SequencedEntry entry : window) {
                if (page.offer(entry)) {
                    return withWelcomes(conversationId, page.entries);
                }
            }
            if (window.isEmpty() && cursor == after) {
                // Not one seq of the first window is there: the read starts inside the pruned prefix (callers normally
                // start after it) or at the end of the log; the plain query finds where the log resumes, if it does.
                try (Stream<SequencedEntry> rows = entriesQuery(conversationId, userId, deviceId, after, upTo, limit)
                        .getResultStream()) {
                    Iterator<SequencedEntry> next = rows.iterator();
                    while (next.hasNext() && !page.offer(next.next())) {
                        // offer adds the entry; it answers true once the page is full
                    }
                }
                break;
            }
            if (window.isEmpty() || window.get(window.size() - 1).seq() < windowEnd) {
                break; // the log ends in this window
            }
            cursor = windowEnd;
        }
        return withWelcomes(conversationId, page.entries);
    }

    /** A page being filled: the entries a device may read, up to a count and (just past) a byte budget. */
    private static final class PageBuilder {
        private final String userId;
        private final String deviceId;
        private final int limit;
        private final long maxBytes;
        private final List<SequencedEntry> entries = new ArrayList<>();
        private long bytes;

        PageBuilder(String userId, String deviceId, int limit, long maxBytes) {
            this.userId = userId;
            this.deviceId = deviceId;
            this.limit = limit;
            this.maxBytes = maxBytes;
        }

        /** Adds the entry if the device may read it; whether the page is full now. */
        boolean offer(SequencedEntry entry) {
            if (!entry.targeted() || (entry.targetDeviceId().equals(deviceId) && userId.equals(entry.targetUserId()))) {
                entries.add(entry);
                bytes += entry.message().length;
            }
            return full();
        }

        boolean full() {
            return entries.size() >= limit || bytes > maxBytes;
        }
    }

    /** Every entry (of any device) with {@code from < seq <= to}, by seq. */
    private jakarta.persistence.TypedQuery<SequencedEntry> windowQuery(String conversationId, long from, long to) {
        return entityManager.createQuery(SELECT_ENTRY + " from LogEntry e where e.conversationId = :c and e.seq > :after"
                        + " and e.seq <= :upTo order by e.seq", SequencedEntry.class)
                .setParameter("c", conversationId)
                .setParameter("after", from)
                .setParameter("upTo", to)
                .setMaxResults((int) Math.min(Integer.MAX_VALUE, to - from));
    }

    /**
     * The entries as plain values (a constructor expression: no managed entities, nothing for the persistence context to
     * keep or dirty-check), by seq. A Welcome entry that refers to its commit's {@link CommitWelcome} comes with no bytes
     * here and gets them from {@link #withWelcomes}.
     */
    private jakarta.persistence.TypedQuery<SequencedEntry> entriesQuery(String conversationId, String userId, String deviceId,
            long after, long upTo, int limit) {
        return entityManager.createQuery(SELECT_ENTRY + " from LogEntry e where e.conversationId = :c and e.seq > :after"
                        + " and e.seq <= :upTo and (e.targetDeviceId is null or (e.targetUserId = :user and e.targetDeviceId = :device))"
                        + " order by e.seq", SequencedEntry.class)
                .setParameter("c", conversationId)
                .setParameter("after", after)
                .setParameter("upTo", upTo)
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .setMaxResults(limit);
    }

    private static final String SELECT_ENTRY = "select new " + SequencedEntry.class.getName() + "(e.conversationId, e.seq,"
            + " e.kind, e.msgId, e.epoch, e.senderUserId, e.senderDeviceId, e.targetUserId, e.targetDeviceId, e.message)";

    /** The page with each Welcome entry that refers to its commit's stored-once Welcome carrying those bytes. */
    private List<SequencedEntry> withWelcomes(String conversationId, List<SequencedEntry> page) {
        List<Long> referring = page.stream()
                .filter(entry -> entry.kind() == EntryKind.WELCOME && entry.message().length == 0)
                .map(SequencedEntry::seq)
                .toList();
        if (referring.isEmpty()) {
            return page;
        }
        Map<Long, byte[]> welcomes = new HashMap<>();
        for (Object[] row : entityManager.createQuery("select e.seq, w.message from LogEntry e, CommitWelcome w"
                        + " where e.conversationId = :c and e.seq in :seqs"
                        + " and w.conversationId = e.conversationId and w.commitSeq = e.welcomeSeq", Object[].class)
                .setParameter("c", conversationId)
                .setParameter("seqs", referring)
                .getResultList()) {
            welcomes.put((Long) row[0], (byte[]) row[1]);
        }
        List<SequencedEntry> filled = new ArrayList<>(page.size());
        for (SequencedEntry entry : page) {
            byte[] welcome = welcomes.get(entry.seq());
            filled.add(welcome == null ? entry : new SequencedEntry(entry.conversationId(), entry.seq(), entry.kind(),
                    entry.msgId(), entry.epoch(), entry.senderUserId(), entry.senderDeviceId(), entry.targetUserId(),
                    entry.targetDeviceId(), welcome));
        }
        return filled;
    }

    /** The conversations whose log holds entries (candidates for the retention pruner). */
    public List<String> conversationsWithEntries() {
        return entityManager.createQuery("select c.id from Conversation c where c.lastSeq > c.prunedSeq order by c.id", String.class)
                .getResultList();
    }

    /** The highest seq of an entry created before {@code instant}, or 0. */
    public long lastSeqBefore(String conversationId, Instant instant) {
        Long seq = entityManager.createQuery("select max(e.seq) from LogEntry e where e.conversationId = :c and e.createdAt < :t",
                        Long.class)
                .setParameter("c", conversationId)
                .setParameter("t", instant)
                .getSingleResult();
        return seq == null ? 0 : seq;
    }

    /**
     * The highest seq that must go so that the newest entries hold at most {@code maxBytes} bytes of messages, or 0
     * when they all fit.
     */
    public long lastSeqBeyondBytes(String conversationId, long maxBytes) {
        Number total = (Number) entityManager.createNativeQuery(
                        "select coalesce(sum(octet_length(message)), 0) + (select coalesce(sum(octet_length(w.message)), 0)"
                                + " from commit_welcome w where w.conversation_id = ?1)"
                                + " from conversation_entry where conversation_id = ?1")
                .setParameter(1, conversationId)
                .getSingleResult();
        if (total.longValue() <= maxBytes) {
            return 0;
        }
        // A commit's Welcome counts once, at the commit's seq.
        @SuppressWarnings("unchecked")
        List<Object[]> sizes = entityManager.createNativeQuery(
                        "select seq, octet_length(message) from conversation_entry where conversation_id = ?1"
                                + " union all select commit_seq, octet_length(message) from commit_welcome"
                                + " where conversation_id = ?1 order by 1 desc")
                .setParameter(1, conversationId)
                .getResultList();
        long kept = 0;
        for (Object[] row : sizes) {
            kept += ((Number) row[1]).longValue();
            if (kept > maxBytes) {
                return ((Number) row[0]).longValue();
            }
        }
        return 0;
    }

    /**
     * Deletes the entries with {@code seq <= upTo}, and the commits' Welcomes that no remaining entry refers to;
     * returns how many entries.
     */
    public int deleteEntriesUpTo(String conversationId, long upTo) {
        int deleted = entityManager.createQuery("delete from LogEntry e where e.conversationId = :c and e.seq <= :upTo")
                .setParameter("c", conversationId)
                .setParameter("upTo", upTo)
                .executeUpdate();
        entityManager.createQuery("delete from CommitWelcome w where w.conversationId = :c and w.commitSeq <= :upTo"
                        + " and not exists (select e.seq from LogEntry e where e.conversationId = w.conversationId"
                        + " and e.welcomeSeq = w.commitSeq)")
                .setParameter("c", conversationId)
                .setParameter("upTo", upTo)
                .executeUpdate();
        return deleted;
    }

    /** A commit or Welcome entry, as retention sees it: who sent it and, for a Welcome, whom it is for. */
    public record MembershipEntry(long seq, EntryKind kind, String senderUserId, String senderDeviceId,
            String targetUserId, String targetDeviceId) {
    }

    /** The commit and Welcome entries with {@code after < seq <= upTo}, by seq. */
    public List<MembershipEntry> membershipEntries(String conversationId, long after, long upTo) {
        return entityManager.createQuery("select e.seq, e.kind, e.senderUserId, e.senderDeviceId, e.targetUserId,"
                        + " e.targetDeviceId from LogEntry e where e.conversationId = :c and e.seq > :after"
                        + " and e.seq <= :upTo and e.kind <> :application order by e.seq", Object[].class)
                .setParameter("c", conversationId)
                .setParameter("after", after)
                .setParameter("upTo", upTo)
                .setParameter("application", EntryKind.APPLICATION)
                .getResultStream()
                .map(row -> new MembershipEntry(((Number) row[0]).longValue(), (EntryKind) row[1], (String) row[2],
                        (String) row[3], (String) row[4], (String) row[5]))
                .toList();
    }

    public void addGroupInfo(StoredGroupInfo groupInfo) {
        entityManager.persist(groupInfo);
    }

    /** Deletes the conversation's GroupInfos of the epochs before {@code epoch}; returns how many. */
    public int deleteGroupInfosBefore(String conversationId, long epoch) {
        return entityManager.createQuery("delete from StoredGroupInfo g where g.conversationId = :c and g.epoch < :epoch")
                .setParameter("c", conversationId)
                .setParameter("epoch", epoch)
                .executeUpdate();
    }

    public Optional<StoredGroupInfo> groupInfo(String conversationId, long epoch) {
        return Optional.ofNullable(entityManager.find(StoredGroupInfo.class, new StoredGroupInfo.Key(conversationId, epoch)));
    }
}
