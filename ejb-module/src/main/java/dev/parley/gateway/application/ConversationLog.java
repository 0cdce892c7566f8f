package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.conversation.CommitWelcome;
import dev.parley.gateway.domain.model.conversation.Conversation;
import dev.parley.gateway.domain.model.conversation.ConversationKind;
import dev.parley.gateway.domain.model.conversation.EntriesAppended;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.LeafIndexes;
import dev.parley.gateway.domain.model.conversation.LogEntry;
import dev.parley.gateway.domain.model.conversation.MemberDevice;
import dev.parley.gateway.domain.model.conversation.MlsInput;
import dev.parley.gateway.domain.model.conversation.Participant;
import dev.parley.gateway.domain.model.conversation.Role;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.conversation.StoredGroupInfo;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.gateway.domain.model.keypackage.StoredKeyPackage;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.gateway.infrastructure.persistence.KeyPackageStore;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.QuotaExceededException;
import dev.parley.protocol.error.RateLimitedException;
import dev.parley.protocol.error.StaleEpochException;
import dev.parley.protocol.mls.framing.PrivateMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.framing.Sender;
import dev.parley.protocol.mls.framing.SenderType;
import dev.parley.protocol.mls.group.GroupContext;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.PublicTree;
import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.keypackage.KeyPackageRef;
import dev.parley.protocol.mls.proposal.Commit;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.proposal.ProposalOrRef;
import dev.parley.protocol.mls.proposal.ProposalType;
import dev.parley.protocol.mls.group.TranscriptHashes;
import dev.parley.gateway.domain.model.conversation.GroupInfoCheck;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import dev.parley.gateway.infrastructure.metrics.GatewayMetrics;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The per-conversation log of the MLS Delivery Service: application messages, commits arbitrated per epoch, and the
 * Welcomes of the devices those commits add.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every accepted message gets the next {@code seq} of its conversation in the transaction that stores it:
 *       seqs are gap-free and strictly increasing per conversation, also across concurrent writers (all writes of a
 *       conversation run under its row lock, see {@link ConversationStore}).</li>
 *   <li>A {@code msg_id} is stored once per conversation: resubmitting it (after a lost answer) returns the original
 *       seq and stores nothing, and fires nothing.</li>
 *   <li>A commit is accepted only for the conversation's current epoch, which then advances by one: of any number of
 *       commits for one epoch exactly one wins; every other gets {@code stale_epoch} with the current epoch.</li>
 *   <li>A commit changes the group's members exactly as it declares, and it declares exactly its by-value Add and
 *       Remove proposals and its Welcome's recipients; each added KeyPackage was handed out by the KeyPackage
 *       directory, which names the device it belongs to. The Welcome is appended right after the commit, one entry per
 *       added device and readable by that device only, its bytes stored once ({@link CommitWelcome}); the device's
 *       membership starts at the commit's seq.</li>
 *   <li>A commit adds at most {@code parley.conversations.max-adds-per-commit} devices; the GroupInfos of the last
 *       {@code parley.conversations.group-infos-kept} epochs are kept, older ones are deleted by the commit that
 *       makes them old.</li>
 *   <li>Application messages are PrivateMessages of the group, from a member device, for the current epoch or the
 *       two before it.</li>
 *   <li>A device reads the entries after its membership started (and up to the commit that removed it), never
 *       another device's Welcome.</li>
 *   <li>A rejected request changes nothing: no seq is consumed, no member changes, no event is fired.</li>
 * </ul>
 *
 * <p>External commits (RFC 9420 §12.4.3.2, sender {@code new_member_commit}) are accepted under the same epoch rule
 * for re-joining after lost state, only from a device that is a member now, and only when they remove that device's
 * old leaf; its new leaf is placed like an Add.
 */
@ApplicationScoped
public class ConversationLog {

    /** How many previous epochs application messages may still use (the current one plus this many). */
    public static final int EPOCH_WINDOW = 2;
    /** The largest page a read returns. */
    public static final int MAX_PAGE = 500;
    /** What a {@code msg_id} may be (the client's idempotency key). */
    public static final String MSG_ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";

    /** Where a message landed: its seq, the conversation's epoch after it, and whether it was a resubmission. */
    public record Appended(long seq, long epoch, boolean duplicate) {
    }

    /** A device in a commit's declaration. */
    public record DeviceKey(String userId, String deviceId) {
    }

    /**
     * A membership change as one bundle: the Commit (MLSMessage/PublicMessage), the Welcome (when it adds), the new
     * epoch's GroupInfo, the KeyPackageRefs of the added KeyPackages and the removed devices.
     */
    public record CommitBundle(String msgId, byte[] commit, byte[] welcome, byte[] groupInfo, List<byte[]> adds,
            List<DeviceKey> removes) {
    }

    /**
     * A page of the log as one device may read it; {@code more} when entries beyond it may be read now;
     * {@code firstAvailableSeq} set when retention deleted entries after the position asked for that the device had
     * not read (a history gap: the page starts there).
     */
    public record Page(Conversation conversation, List<SequencedEntry> entries, boolean more, Long firstAvailableSeq) {
    }

    private final Clock clock = Clock.systemUTC();

    @Inject
    ConversationStore store;

    @Inject
    KeyPackageStore keyPackages;

    @Inject
    DeviceDirectory devices;

    @Inject
    ContactManager contacts;

    @Inject
    Event<EntriesAppended> appended;

    @Inject
    GatewayConfig config;

    @Inject
    LogWriter writer;

    @Inject
    GatewayMetrics metrics;

    @Inject
    ConversationQuotas quotas;

    @Inject
    Instance<ConversationLog> self;

    private RateLimiter messagesPerMinute;
    private RateLimiter bytesPerDay;

    @PostConstruct
    void createLimiters() {
        messagesPerMinute = new RateLimiter(new RateLimit("messages and commits", config.conversationMessagesPerMinute(),
                Duration.ofMinutes(1)));
        bytesPerDay = new RateLimiter(new RateLimit("message bytes", config.messageBytesPerDay(), ConversationQuotas.DAY));
    }

    /**
     * Takes {@code bytes} of the user's daily byte quota.
     *
     * @throws QuotaExceededException past {@code parley.quota.message-bytes-per-day}
     */
    private void takeBytes(String userId, long bytes) {
        try {
            bytesPerDay.acquire(userId, bytes);
        } catch (RateLimitedException e) {
            throw new QuotaExceededException("message bytes (" + config.messageBytesPerDay() + " per day)", e.retryAfter());
        }
    }

    /**
     * Submits an application message (MLSMessage/PrivateMessage) from the calling device to the log writer: checked
     * and parsed here, sequenced and stored in the writer's next group commit. Refusals found here are thrown; the
     * stage completes with the seq once the message is durable, or with the refusal of the sequencer. The message
     * takes one of the device's rate and its bytes of the user's daily quota; a refusal (here or by the sequencer)
     * gives both back.
     */
    public CompletionStage<Appended> submit(String userId, String deviceId, String conversationId, String msgId,
            byte[] message) {
        requireEnvelopeSize("message", message);
        devices.requireActive(userId, deviceId);
        PrivateMessage application = MlsInput.application("message", message);
        String device = userId + "/" + deviceId;
        messagesPerMinute.acquire(device);
        try {
            takeBytes(userId, message.length);
        } catch (QuotaExceededException e) {
            messagesPerMinute.refund(device);
            throw e;
        }
        return writer.append(new BatchSequencer.Submission(userId, deviceId, conversationId, msgId, message,
                application.groupId().hex(), application.epoch())).whenComplete((done, failure) -> {
                    if (failure instanceof ParleyException || failure instanceof CompletionException
                            && failure.getCause() instanceof ParleyException) {
                        messagesPerMinute.refund(device);
                        bytesPerDay.refund(userId, message.length);
                    }
                });
    }

    /** As {@link #submit}, waiting for the answer: returns once the message is durable. */
    public Appended send(String userId, String deviceId, String conversationId, String msgId, byte[] message) {
        return await(submit(userId, deviceId, conversationId, msgId, message));
    }

    /**
     * Submits a commit bundle to the log writer, which arbitrates it ({@link #commit}) in submission order with the
     * application messages of every connection.
     */
    public CompletionStage<Appended> submitCommit(String userId, String deviceId, String conversationId,
            CommitBundle bundle) {
        devices.requireActive(userId, deviceId);
        CompletionStage<Appended> outcome = writer.exclusive(() -> self.get().commit(userId, deviceId, conversationId, bundle));
        outcome.whenComplete((accepted, refusal) -> {
            Throwable cause = refusal instanceof CompletionException wrapped ? wrapped.getCause() : refusal;
            if (cause instanceof ParleyException named) {
                metrics.commitRefused(named.error());
            }
        });
        return outcome;
    }

    /** As {@link #submitCommit}, waiting for the answer. */
    public Appended sendCommit(String userId, String deviceId, String conversationId, CommitBundle bundle) {
        return await(submitCommit(userId, deviceId, conversationId, bundle));
    }

    /** The outcome of a submission; a refusal or failure is rethrown as it was raised. */
    public static Appended await(CompletionStage<Appended> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Arbitrates a commit bundle from the calling device in a transaction of its own; see the class invariants. Writers
     * go through {@link #submitCommit}, which runs this on the log writer's thread.
     */
    @Transactional
    public Appended commit(String userId, String deviceId, String conversationId, CommitBundle bundle) {
        requireEnvelopeSize("commit", bundle.commit());
        requireEnvelopeSize("welcome", bundle.welcome());
        requireEnvelopeSize("group_info", bundle.groupInfo());
        if (bundle.adds().size() > config.maxAddsPerCommit()) {
            throw new ParleyException(ParleyError.TOO_MANY_ADDS, "adds: " + bundle.adds().size()
                    + " devices; this gateway adds at most " + config.maxAddsPerCommit() + " per commit.");
        }
        DeviceRecord device = devices.requireActive(userId, deviceId);
        messagesPerMinute.acquire(userId + "/" + deviceId);
        PublicMessage commit = MlsInput.commit("commit", bundle.commit());
        GroupInfo groupInfo = MlsInput.groupInfo("group_info", bundle.groupInfo());
        Welcome welcome = bundle.welcome() == null ? null : MlsInput.welcome("welcome", bundle.welcome());
        Sender sender = commit.content().sender();
        boolean external = sender.type() == SenderType.NEW_MEMBER_COMMIT;
        if (!external && sender.type() != SenderType.MEMBER) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED, "commit: only members and re-joining members commit.");
        }
        requireSupportedProposals(commit, external);

        Conversation conversation = lockVisible(userId, conversationId);
        Optional<Appended> repeated = repeated(conversation, userId, deviceId, bundle.msgId(), EntryKind.COMMIT);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        MemberDevice committer = activeMember(conversation, userId, deviceId);
        requireGroup(conversation, commit.content().groupId());
        if (commit.content().epoch() != conversation.epoch()) {
            throw new StaleEpochException(commit.content().epoch(), conversation.epoch());
        }
        if (!external && sender.index().getAsLong() != committer.leafIndex()) {
            throw new ParleyException(ParleyError.NOT_MEMBER, "commit: the sender's leaf is not the calling device's.");
        }
        EpochState current = currentEpoch(conversation);
        verifyCommitSignature(current, commit, device);

        List<MemberDevice> members = store.members(conversation.id());
        List<MemberDevice> removed = declaredRemoves(members, commit, bundle.removes(), committer, external);
        List<StoredKeyPackage> added = declaredAdds(members, commit, welcome, bundle.adds(), current.groupInfo());
        authorize(conversation, userId, commit, added, removed);
        requireRoomForNewUsers(conversation, added);

        List<Long> occupied = members.stream().map(MemberDevice::leafIndex).toList();
        List<Long> removedLeaves = removed.stream().map(MemberDevice::leafIndex).toList();
        List<Long> newLeaves = LeafIndexes.place(occupied, removedLeaves, added.size() + (external ? 1 : 0));
        long committerLeaf = external ? newLeaves.get(added.size()) : committer.leafIndex();
        GroupInfoCheck.CheckedEpoch checked = verifyGroupInfo(current, commit, external, groupInfo, committerLeaf, device);
        consume(added, userId, clock.instant());
        // Last of the checks, so that a refused commit takes nothing of the quota (a refusal rolls back the consumption).
        takeBytes(userId, length(bundle.commit()) + length(bundle.welcome()) + length(bundle.groupInfo()));

        long seq = conversation.allocate(1 + added.size());
        long oldEpoch = conversation.epoch();
        conversation.advanceEpoch();
        Instant now = clock.instant();
        List<SequencedEntry> entries = new ArrayList<>();
        entries.add(new SequencedEntry(conversation.id(), seq, EntryKind.COMMIT, bundle.msgId(), oldEpoch, userId,
                deviceId, null, null, bundle.commit()));
        if (external) {
            committer.moveTo(committerLeaf);
        } else {
            removed.forEach(gone -> gone.leave(seq));
        }
        for (int i = 0; i < added.size(); i++) {
            StoredKeyPackage keyPackage = added.get(i);
            join(conversation, keyPackage.userId(), keyPackage.deviceId(), newLeaves.get(i), seq, now);
            entries.add(new SequencedEntry(conversation.id(), seq + 1 + i, EntryKind.WELCOME, null, conversation.epoch(),
                    userId, deviceId, keyPackage.userId(), keyPackage.deviceId(), bundle.welcome()));
        }
        removed.stream().map(MemberDevice::userId).distinct().forEach(user -> leaveIfLastDevice(conversation, user));
        if (!added.isEmpty()) {
            store.addWelcome(new CommitWelcome(conversation.id(), seq, bundle.welcome(), now));
        }
        entries.forEach(entry -> store.append(entry.kind() == EntryKind.WELCOME
                ? LogEntry.welcomeOf(entry, seq, now)
                : new LogEntry(entry, now)));
        store.addGroupInfo(new StoredGroupInfo(conversation.id(), conversation.epoch(), bundle.groupInfo(), checked, now));
        store.deleteGroupInfosBefore(conversation.id(), conversation.epoch() - config.groupInfosKept() + 1);
        appended.fire(new EntriesAppended(conversation.id(), List.copyOf(entries)));
        return new Appended(seq, conversation.epoch(), false);
    }

    /**
     * Up to {@code limit} entries, and up to {@code parley.conversations.log-page-max-bytes} of MLS messages (at least
     * one entry), after {@code after} that the calling device may read: from its membership's start
     * (the commit that added it; the creator's device from the first entry), up to the commit that removed it, without
     * other devices' Welcomes.
     */
    @Transactional
    public Page read(String userId, String deviceId, String conversationId, long after, int limit) {
        devices.requireActive(userId, deviceId);
        Conversation conversation = store.find(conversationId)
                .orElseThrow(() -> new ParleyException(ParleyError.CONVERSATION_NOT_FOUND));
        Optional<MemberDevice> member = store.member(conversationId, userId, deviceId);
        if (member.isEmpty()) {
            throw store.participant(conversationId, userId).isPresent() || store.everMember(conversationId, userId)
                    ? new ParleyException(ParleyError.NOT_MEMBER)
                    : new ParleyException(ParleyError.CONVERSATION_NOT_FOUND);
        }
        long pruned = conversation.prunedSeq();
        while (true) {
            Long firstAvailable = member.get().firstAvailableAfter(after, pruned);
            long from = firstAvailable == null ? after : firstAvailable - 1;
            List<SequencedEntry> entries = entriesFor(member.get(), from, limit + 1, config.logPageMaxBytes());
            // As in MailboxManager.pull: a prune that committed meanwhile is reported, never skipped silently.
            long prunedNow = store.prunedSeq(conversationId);
            if (prunedNow != pruned) {
                pruned = prunedNow;
                continue;
            }
            int count = withinBytes(entries, Math.min(limit, entries.size()), config.logPageMaxBytes());
            return new Page(conversation, entries.subList(0, count), entries.size() > count, firstAvailable);
        }
    }

    /**
     * How many of the first {@code limit} entries fit into {@code maxBytes} of MLS messages; at least one, so a page
     * always moves the reader on.
     */
    static int withinBytes(List<SequencedEntry> entries, int limit, long maxBytes) {
        long bytes = 0;
        for (int i = 0; i < limit; i++) {
            bytes += entries.get(i).message().length;
            if (bytes > maxBytes && i > 0) {
                return i;
            }
        }
        return limit;
    }

    /**
     * The entries after {@code after} that the device may read, by seq: the read API for delivery. Empty for a device
     * that never was a member.
     */
    @Transactional
    public List<SequencedEntry> entriesAfter(String conversationId, String userId, String deviceId, long after, int limit) {
        return store.member(conversationId, userId, deviceId)
                .map(member -> entriesFor(member, after, limit))
                .orElse(List.of());
    }

    /** The GroupInfo (MLSMessage) of {@code epoch}, or of the current epoch when {@code null}, for a member device. */
    @Transactional
    public StoredGroupInfo groupInfo(String userId, String deviceId, String conversationId, Long epoch) {
        devices.requireActive(userId, deviceId);
        Conversation conversation = store.find(conversationId)
                .filter(c -> store.participant(c.id(), userId).isPresent())
                .orElseThrow(() -> new ParleyException(ParleyError.CONVERSATION_NOT_FOUND));
        activeMember(conversation, userId, deviceId);
        long wanted = epoch == null ? conversation.epoch() : epoch;
        return store.groupInfo(conversationId, wanted)
                .orElseThrow(() -> new ParleyException(ParleyError.GROUP_INFO_NOT_FOUND));
    }

    /** Refuses, before anything is read or stored, an MLS message larger than {@code parley.mailbox.max-envelope-bytes}. */
    private void requireEnvelopeSize(String field, byte[] message) {
        if (message != null && message.length > config.maxEnvelopeBytes()) {
            throw new ParleyException(ParleyError.ENVELOPE_TOO_LARGE, field + ": " + message.length
                    + " bytes; this gateway accepts at most " + config.maxEnvelopeBytes() + " bytes per message.");
        }
    }

    private List<SequencedEntry> entriesFor(MemberDevice member, long after, int limit) {
        return entriesFor(member, after, limit, Long.MAX_VALUE);
    }

    private List<SequencedEntry> entriesFor(MemberDevice member, long after, int limit, long maxBytes) {
        long from = Math.max(after, member.joinedSeq());
        long upTo = member.leftSeq() == null ? Long.MAX_VALUE : member.leftSeq();
        if (from >= upTo) {
            return List.of();
        }
        int rows = Math.min(limit, MAX_PAGE + 1);
        return maxBytes == Long.MAX_VALUE
                ? store.entries(member.conversationId(), member.userId(), member.deviceId(), from, upTo, rows)
                : store.entries(member.conversationId(), member.userId(), member.deviceId(), from, upTo, rows, maxBytes);
    }

    private Conversation lockVisible(String userId, String conversationId) {
        Conversation conversation = store.lock(conversationId)
                .orElseThrow(() -> new ParleyException(ParleyError.CONVERSATION_NOT_FOUND));
        if (store.participant(conversationId, userId).isEmpty() && !store.everMember(conversationId, userId)) {
            throw new ParleyException(ParleyError.CONVERSATION_NOT_FOUND);
        }
        return conversation;
    }

    private Optional<Appended> repeated(Conversation conversation, String userId, String deviceId, String msgId,
            EntryKind kind) {
        return store.entryByMsgId(conversation.id(), msgId).map(entry -> {
            if (entry.kind() != kind || !entry.senderUserId().equals(userId) || !entry.senderDeviceId().equals(deviceId)) {
                throw new ParleyException(ParleyError.CONFLICT,
                        "msg_id " + msgId + " was already used for another message in this conversation; choose a fresh one.");
            }
            return new Appended(entry.seq(), conversation.epoch(), true);
        });
    }

    private MemberDevice activeMember(Conversation conversation, String userId, String deviceId) {
        return store.member(conversation.id(), userId, deviceId)
                .filter(MemberDevice::active)
                .orElseThrow(() -> new ParleyException(ParleyError.NOT_MEMBER));
    }

    private static void requireGroup(Conversation conversation, Bytes groupId) {
        if (!groupId.hex().equals(conversation.groupId())) {
            throw new ParleyException(ParleyError.UNKNOWN_GROUP);
        }
    }

    private static void requireSupportedProposals(PublicMessage commit, boolean external) {
        boolean externalInit = false;
        for (ProposalOrRef proposal : commit.content().commit().orElseThrow().proposals()) {
            if (!(proposal instanceof ProposalOrRef.ByValue byValue)) {
                throw new ParleyException(ParleyError.MLS_UNSUPPORTED,
                        "commit: proposals must be carried by value; the gateway does not relay standalone proposals.");
            }
            switch (byValue.proposal().type()) {
                case ADD -> {
                    if (external) {
                        throw new ParleyException(ParleyError.MLS_UNSUPPORTED, "commit: an external commit cannot add members.");
                    }
                }
                case REMOVE, PSK, GROUP_CONTEXT_EXTENSIONS -> { }
                case EXTERNAL_INIT -> externalInit = true;
                default -> throw new ParleyException(ParleyError.MLS_UNSUPPORTED,
                        "commit: " + byValue.proposal().type() + " proposals are not accepted.");
            }
        }
        if (externalInit != external) {
            throw new ParleyException(ParleyError.MLS_UNSUPPORTED,
                    "commit: an ExternalInit proposal belongs exactly to external commits.");
        }
        Commit body = commit.content().commit().orElseThrow();
        if (body.pathRequired() && body.path().isEmpty()) {
            throw new ParleyException(ParleyError.PATH_REQUIRED, "commit: it has no proposals, or covers a Remove, "
                    + "ExternalInit or GroupContextExtensions proposal, so RFC 9420 §12.4 requires an UpdatePath.");
        }
    }

    /** The current epoch's checked GroupInfo, interim transcript hash and tree, against which a commit is checked. */
    private record EpochState(GroupInfo groupInfo, Bytes interimTranscriptHash, Optional<PublicTree> tree) {
    }

    private EpochState currentEpoch(Conversation conversation) {
        StoredGroupInfo stored = store.groupInfo(conversation.id(), conversation.epoch())
                .orElseThrow(() -> new ParleyException(ParleyError.GROUP_INFO_NOT_FOUND, "commit: the gateway keeps no "
                        + "GroupInfo of epoch " + conversation.epoch() + " to check the commit against; this group cannot "
                        + "take commits (it was created without a GroupInfo): start a new conversation."));
        GroupInfo groupInfo = MlsInput.groupInfo("group_info", stored.message());
        Bytes interim = stored.interimTranscriptHash().map(Bytes::of)
                .orElseGet(() -> TranscriptHashes.interim(groupInfo));
        return new EpochState(groupInfo, interim, stored.ratchetTree().map(Bytes::of).map(PublicTree::decode));
    }

    /** The commit's signature over the current epoch's GroupContext (checked against the commit that created it). */
    private static void verifyCommitSignature(EpochState current, PublicMessage commit, DeviceRecord device) {
        GroupContext context = current.groupInfo().groupContext();
        if (!Signatures.verify(() -> commit.verifySignature(context.cipherSuite(), Bytes.of(device.signatureKey()),
                Optional.of(context.raw())))) {
            throw new ParleyException(ParleyError.MLS_SIGNATURE_INVALID,
                    "commit: the signature does not verify with the calling device's key in the current epoch.");
        }
    }

    /**
     * The new epoch's GroupInfo must be the one this commit creates ({@link GroupInfoCheck}), signed by the committer;
     * returns what the next commit's check needs.
     */
    private static GroupInfoCheck.CheckedEpoch verifyGroupInfo(EpochState current, PublicMessage commit, boolean external,
            GroupInfo groupInfo, long committerLeaf, DeviceRecord device) {
        GroupInfoCheck.CheckedEpoch checked = GroupInfoCheck.nextEpoch(current.groupInfo(), current.interimTranscriptHash(),
                current.tree(), commit, external, groupInfo, committerLeaf);
        if (!Signatures.verify(() -> groupInfo.verifySignature(Bytes.of(device.signatureKey())))) {
            throw new ParleyException(ParleyError.MLS_SIGNATURE_INVALID,
                    "group_info: the signature does not verify with the calling device's key.");
        }
        return checked;
    }

    private static List<MemberDevice> declaredRemoves(List<MemberDevice> members, PublicMessage commit,
            List<DeviceKey> declared, MemberDevice committer, boolean external) {
        List<MemberDevice> removed = new ArrayList<>();
        for (DeviceKey key : declared) {
            MemberDevice member = members.stream()
                    .filter(m -> m.userId().equals(key.userId()) && m.deviceId().equals(key.deviceId()))
                    .findFirst()
                    .orElseThrow(() -> new ParleyException(ParleyError.MEMBERSHIP_MISMATCH,
                            "removes: " + key.userId() + "/" + key.deviceId() + " is not a member device."));
            if (removed.contains(member)) {
                throw new ParleyException(ParleyError.MEMBERSHIP_MISMATCH, "removes: a device is named twice.");
            }
            removed.add(member);
        }
        Set<Long> declaredLeaves = new HashSet<>(removed.stream().map(MemberDevice::leafIndex).toList());
        List<Long> proposed = commit.removedLeaves();
        if (proposed.size() != removed.size() || !declaredLeaves.equals(new HashSet<>(proposed))) {
            throw new ParleyException(ParleyError.MEMBERSHIP_MISMATCH,
                    "removes: the declared devices sit at leaves " + declaredLeaves + " but the commit removes leaves " + proposed + ".");
        }
        if (external ? !(removed.size() == 1 && sameDevice(removed.get(0), committer)) : removed.stream().anyMatch(m -> sameDevice(m, committer))) {
            throw new ParleyException(ParleyError.MEMBERSHIP_MISMATCH, external
                    ? "removes: an external commit must remove exactly the re-joining device's old leaf."
                    : "removes: a committer cannot remove its own device; another member must.");
        }
        return removed;
    }

    private static boolean sameDevice(MemberDevice a, MemberDevice b) {
        return a.userId().equals(b.userId()) && a.deviceId().equals(b.deviceId());
    }

    private List<StoredKeyPackage> declaredAdds(List<MemberDevice> members, PublicMessage commit, Welcome welcome,
            List<byte[]> declared, GroupInfo current) {
        List<KeyPackage> proposed = commit.addedKeyPackages();
        for (KeyPackage keyPackage : proposed) {
            if (!keyPackage.cipherSuite().equals(current.groupContext().cipherSuite())) {
                throw new ParleyException(ParleyError.CIPHER_SUITE_UNSUPPORTED, "commit: an added KeyPackage is of cipher suite "
                        + keyPackage.cipherSuite().code() + ", the group's is " + current.groupContext().cipherSuite().code() + ".");
            }
        }
        List<String> proposedRefs = proposed.stream().map(k -> k.ref().value().hex()).toList();
        List<String> declaredRefs = declared.stream().map(ref -> Bytes.of(ref).hex()).toList();
        if (!new HashSet<>(declaredRefs).equals(new HashSet<>(proposedRefs)) || declaredRefs.size() != proposedRefs.size()
                || new HashSet<>(proposedRefs).size() != proposedRefs.size()) {
            throw new ParleyException(ParleyError.MEMBERSHIP_MISMATCH,
                    "adds: the declared KeyPackageRefs differ from the commit's Add proposals.");
        }
        boolean welcomesSomeone = welcome != null && !welcome.recipients().isEmpty();
        if (proposed.isEmpty() == welcomesSomeone) {
            throw new ParleyException(ParleyError.MEMBERSHIP_MISMATCH, proposed.isEmpty()
                    ? "welcome: a commit that adds nobody welcomes nobody."
                    : "welcome: a commit that adds members needs their Welcome.");
        }
        if (welcomesSomeone) {
            Set<String> recipients = new HashSet<>(welcome.recipients().stream().map(KeyPackageRef::value).map(Bytes::hex).toList());
            if (!recipients.equals(new HashSet<>(proposedRefs)) || recipients.size() != welcome.recipients().size()) {
                throw new ParleyException(ParleyError.MEMBERSHIP_MISMATCH,
                        "welcome: its recipients differ from the commit's Add proposals.");
            }
        }
        List<StoredKeyPackage> added = new ArrayList<>();
        Set<String> addedDevices = new HashSet<>();
        Instant now = clock.instant();
        for (String ref : proposedRefs) {
            StoredKeyPackage keyPackage = keyPackages.find(ref)
                    .filter(k -> k.lastResort() || k.claimedAt() != null)
                    .orElseThrow(() -> new ParleyException(ParleyError.KEY_PACKAGE_NOT_CLAIMED));
            if (!keyPackage.notAfter().isAfter(now)) {
                throw new ParleyException(ParleyError.KEY_PACKAGE_EXPIRED,
                        "adds: an added KeyPackage's lifetime has ended; claim a fresh one.");
            }
            if (members.stream().anyMatch(m -> m.userId().equals(keyPackage.userId()) && m.deviceId().equals(keyPackage.deviceId()))) {
                throw new ParleyException(ParleyError.ALREADY_MEMBER);
            }
            if (!addedDevices.add(keyPackage.userId() + "/" + keyPackage.deviceId())) {
                throw new ParleyException(ParleyError.MEMBERSHIP_MISMATCH, "adds: two KeyPackages of one device.");
            }
            added.add(keyPackage);
        }
        return added;
    }

    private boolean revoked(MemberDevice device) {
        return devices.find(device.userId(), device.deviceId()).map(DeviceRecord::revoked).orElse(true);
    }

    private void authorize(Conversation conversation, String userId, PublicMessage commit, List<StoredKeyPackage> added,
            List<MemberDevice> removed) {
        if (conversation.kind() == ConversationKind.ROOM && changesGroupSettings(commit)
                && !store.participant(conversation.id(), userId).map(Participant::role).orElse(Role.MEMBER).managesOthers()) {
            throw new ParleyException(ParleyError.ROLE_REQUIRED,
                    "commit: PreSharedKey and GroupContextExtensions proposals need an owner's or admin's role in a room.");
        }
        if (conversation.kind() == ConversationKind.DM
                && removed.stream().anyMatch(d -> !d.userId().equals(userId) && !revoked(d))) {
            throw new ParleyException(ParleyError.ROLE_REQUIRED, "commit: in a direct conversation a user removes only "
                    + "their own devices, and the other user's only once the Authentication Service reports them revoked.");
        }
        Set<String> others = new HashSet<>();
        added.stream().map(StoredKeyPackage::userId).filter(u -> !u.equals(userId)).forEach(others::add);
        // A revoked device must not keep the group's keys: any member may remove it, whatever their role.
        removed.stream().filter(d -> !d.userId().equals(userId) && !revoked(d)).map(MemberDevice::userId).forEach(others::add);
        if (others.isEmpty()) {
            return;
        }
        if (conversation.kind() == ConversationKind.DM) {
            for (String other : others) {
                if (store.participant(conversation.id(), other).isEmpty()) {
                    throw new ParleyException(ParleyError.ROLE_REQUIRED,
                            "A direct conversation holds the devices of its two users only; start a room for more.");
                }
            }
        } else {
            Role role = store.participant(conversation.id(), userId).map(Participant::role).orElse(Role.MEMBER);
            if (!role.managesOthers()) {
                throw new ParleyException(ParleyError.ROLE_REQUIRED);
            }
        }
        for (StoredKeyPackage keyPackage : added) {
            if (!keyPackage.userId().equals(userId) && contacts.blockedEitherWay(userId, keyPackage.userId())) {
                throw new ParleyException(ParleyError.CONTACT_REFUSED);
            }
        }
    }

    private static boolean changesGroupSettings(PublicMessage commit) {
        return commit.content().proposalsByValue().stream().map(Proposal::type)
                .anyMatch(type -> type == ProposalType.PSK || type == ProposalType.GROUP_CONTEXT_EXTENSIONS);
    }

    /**
     * Consumes the added one-time KeyPackages in the commit's transaction (RFC 9420 §16.8): each must have been
     * claimed by the committer's user and not be used by an accepted commit yet; the conditional update makes that
     * exactly-once also against a concurrent commit in another conversation. Last-resort KeyPackages stay usable.
     */
    private void consume(List<StoredKeyPackage> added, String userId, Instant now) {
        for (StoredKeyPackage keyPackage : added) {
            if (keyPackage.lastResort()) {
                continue;
            }
            if (!userId.equals(keyPackage.claimedByUser())) {
                throw new ParleyException(ParleyError.KEY_PACKAGE_NOT_CLAIMED,
                        "adds: a KeyPackage handed out to another user; claim one for this commit.");
            }
            if (keyPackage.usedAt() != null || !keyPackages.use(keyPackage.ref(), now)) {
                throw new ParleyException(ParleyError.KEY_PACKAGE_USED,
                        "adds: a one-time KeyPackage was already used by an accepted commit; claim a fresh one.");
            }
        }
    }

    private void join(Conversation conversation, String userId, String deviceId, long leaf, long seq, Instant now) {
        Optional<MemberDevice> before = store.member(conversation.id(), userId, deviceId);
        if (before.isPresent()) {
            before.get().rejoin(leaf, seq);
        } else {
            store.addMember(new MemberDevice(conversation.id(), userId, deviceId, leaf, seq));
        }
        if (store.participant(conversation.id(), userId).isEmpty()) {
            store.addParticipant(new Participant(conversation.id(), userId, Role.MEMBER, now));
        }
    }

    /** Each added user who takes no part in the conversation yet needs room under their cap of conversations. */
    private void requireRoomForNewUsers(Conversation conversation, List<StoredKeyPackage> added) {
        added.stream().map(StoredKeyPackage::userId).distinct()
                .filter(user -> store.participant(conversation.id(), user).isEmpty())
                .forEach(quotas::requireRoomFor);
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private void leaveIfLastDevice(Conversation conversation, String userId) {
        if (conversation.kind() == ConversationKind.ROOM
                && store.members(conversation.id()).stream().noneMatch(m -> m.userId().equals(userId))) {
            store.participant(conversation.id(), userId).ifPresent(store::removeParticipant);
        }
    }

}
