package dev.parley.client.messaging;

import dev.parley.client.device.AuthenticationServiceClient;
import dev.parley.client.device.DeviceKeys;
import dev.parley.client.device.DirectoryVerifier;
import dev.parley.client.gateway.ConversationsApi;
import dev.parley.client.gateway.ConversationsApi.Accepted;
import dev.parley.client.gateway.ConversationsApi.ClaimedKeyPackage;
import dev.parley.client.gateway.ConversationsApi.LogEntry;
import dev.parley.client.gateway.ConversationsApi.LogPage;
import dev.parley.client.gateway.ConversationsApi.MemberDevice;
import dev.parley.client.gateway.ConversationsApi.RemovedDevice;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.mls.GeneratedKeyPackage;
import dev.parley.client.mls.KeyPackagePool;
import dev.parley.client.mls.MlsException;
import dev.parley.client.mls.MlsGroup;
import dev.parley.client.mls.MlsStateException;
import dev.parley.client.store.ConversationStore;
import dev.parley.client.store.LocalConversation;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.OutboxEntry;
import dev.parley.client.store.StoredMessage;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.keypackage.KeyPackageRef;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tree.Credential;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * This device's conversations: it creates MLS groups, adds and removes members, reads the gateway's log in order
 * (Welcomes, commits, application messages) into the local store, and sends from the outbox.
 *
 * <p>Invariants: the log of a conversation is processed in {@code seq} order, each entry exactly once (the processed
 * seq moves in the same store transaction as the MLS state the entry changed); this device's commit is applied only
 * when it comes back in the log (echo before apply), from the successor state saved before it was sent; a message is
 * queued in the outbox before it is encrypted and leaves the outbox in the transaction that stores it as sent, with
 * the {@code seq} the gateway gave it — every attempt uses the same {@code msg_id}, so it is delivered exactly once;
 * the sender ratchet is saved before a ciphertext leaves the process, so no key is ever used twice.
 */
public final class ConversationManager {

    /** How many times a commit or a message is rebuilt after {@code stale_epoch} before giving up. */
    static final int STALE_RETRIES = 5;
    private static final int PAGE = 500;

    private final ConversationsApi api;
    private final LocalStore store;
    private final ConversationStore conversations;
    private final GroupVault groups;
    private final DeviceKeys keys;
    private final KeyPackagePool keyPackages;
    private final DirectoryVerifier directory;
    private final AuthenticationServiceClient authenticationService;
    private final Clock clock;
    private final Map<String, String> names = new HashMap<>();

    public ConversationManager(ConversationsApi api, LocalStore store, DeviceKeys keys, KeyPackagePool keyPackages,
            DirectoryVerifier directory, AuthenticationServiceClient authenticationService, Clock clock) {
        this.api = api;
        this.store = store;
        this.conversations = store.conversations();
        this.groups = new GroupVault(conversations, keys);
        this.keys = keys;
        this.keyPackages = keyPackages;
        this.directory = directory;
        this.authenticationService = authenticationService;
        this.clock = clock;
    }

    // --- what there is

    public List<LocalConversation> list() {
        return conversations.conversations();
    }

    /**
     * The conversation a person means: its id, a room's name, or the user name (or id) of a direct conversation's
     * peer, optionally with a leading {@code @}. {@code conversation_unknown} if none matches (run sync first), and
     * {@code conversation_ambiguous} if several rooms have that name.
     */
    public LocalConversation resolve(String reference) {
        String wanted = reference.startsWith("@") ? reference.substring(1) : reference;
        List<LocalConversation> all = conversations.conversations();
        for (LocalConversation conversation : all) {
            if (conversation.convId().equals(wanted)) {
                return conversation;
            }
        }
        List<LocalConversation> named = all.stream().filter(c -> !reference.startsWith("@") && wanted.equals(c.name())).toList();
        if (named.size() > 1) {
            throw new MessagingException("conversation_ambiguous", "several rooms are named '" + wanted
                    + "'; use the conversation id (see parley conversations)");
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        for (LocalConversation conversation : all) {
            if ("dm".equals(conversation.kind()) && conversation.peerUserId() != null
                    && (wanted.equals(conversation.peerUserId()) || wanted.equals(name(conversation.peerUserId())))) {
                return conversation;
            }
        }
        throw new MessagingException("conversation_unknown", "no conversation '" + reference + "' on this device; run "
                + "'parley sync' to fetch new ones, or see 'parley conversations'");
    }

    /** The last {@code limit} messages of a conversation from the local store, oldest first (works offline). */
    public List<HistoryItem> history(String convId, int limit) {
        return conversations.messages(convId, limit).stream().map(this::item).toList();
    }

    /** Messages still in the outbox of a conversation (all if null). */
    public List<OutboxEntry> outbox(String convId) {
        return conversations.outbox(convId);
    }

    // --- creating

    /** Creates a room owned by this user, with this device as its only member; invite others next. */
    public LocalConversation createRoom(String name) {
        byte[] groupId = Bytes.of(dev.parley.client.state.Sealing.randomBytes(32)).toByteArray();
        MlsGroup group = MlsGroup.create(keys, groupId, clock.instant());
        ConversationsApi.Conversation created = api.createRoom(name, Base64Url.encode(Bytes.of(groupId)),
                Base64Url.encode(Bytes.of(group.groupInfo())));
        return adopt(created, group, null);
    }

    /**
     * The direct conversation with {@code peerUserId}: opened here (group created, the peer's devices and this user's
     * other devices added), or the existing one (then this device reads it once a member added it).
     */
    public LocalConversation openDirect(String peerUserId) {
        Optional<LocalConversation> known = conversations.conversations().stream()
                .filter(c -> "dm".equals(c.kind()) && peerUserId.equals(c.peerUserId())).findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        byte[] groupId = dev.parley.client.state.Sealing.randomBytes(32);
        MlsGroup group = MlsGroup.create(keys, groupId, clock.instant());
        ConversationsApi.Conversation opened = api.openDirect(peerUserId, Base64Url.encode(Bytes.of(groupId)),
                Base64Url.encode(Bytes.of(group.groupInfo())));
        if (!opened.groupId().equals(Base64Url.encode(Bytes.of(groupId)))) {
            LocalConversation existing = adopt(opened, null, peerUserId);
            pull(existing);
            return conversations.conversation(existing.convId()).orElseThrow();
        }
        LocalConversation conversation = adopt(opened, group, peerUserId);
        invite(conversation.convId(), List.of(peerUserId, keys.userId()));
        return conversations.conversation(conversation.convId()).orElseThrow();
    }

    private LocalConversation adopt(ConversationsApi.Conversation remote, MlsGroup group, String peerUserId) {
        Instant now = clock.instant();
        LocalConversation conversation = new LocalConversation(remote.conversationId(), remote.type(), remote.name(),
                Base64Url.decode(remote.groupId()).toByteArray(), remote.epoch(), LocalConversation.ACTIVE, peerUserId,
                0, 0, now, now);
        store.inTransaction(() -> {
            conversations.addConversation(conversation);
            if (group != null) {
                groups.save(conversation.convId(), group, now);
            }
            return null;
        });
        return conversation;
    }

    // --- membership

    /**
     * Adds every unrevoked device of {@code userIds} that is not a member yet: each device is checked against the
     * directory (certified by the user's identity key) and its claimed KeyPackage must carry that device's key.
     * Returns the devices added as {@code user/device}; nothing to add is not an error.
     */
    public List<String> invite(String convId, List<String> userIds) {
        LocalConversation conversation = requireGroup(convId);
        pull(conversation);
        Set<String> members = new LinkedHashSet<>();
        api.members(convId).devices().forEach(d -> members.add(d.userId() + "/" + d.deviceId()));
        List<ClaimedKeyPackage> adds = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String userId : new LinkedHashSet<>(userIds)) {
            DirectoryVerifier.Verified verified = directory.verify(userId);
            if (verified.identityChanged()) {
                throw new MessagingException("identity_key_changed", label(userId) + "'s identity key changed since this "
                        + "device first saw it; nothing was changed. Compare fingerprints with them ('parley contacts verify "
                        + label(userId) + "'), then accept the new key with --accept-new-identity");
            }
            List<String> missing = verified.devices().stream().map(DirectoryVerifier.VerifiedDevice::deviceId)
                    .filter(device -> !members.contains(userId + "/" + device))
                    .filter(device -> !(userId.equals(keys.userId()) && device.equals(keys.deviceId()))).toList();
            if (missing.isEmpty()) {
                continue;
            }
            for (ClaimedKeyPackage claimed : api.claimKeyPackages(userId, missing).keyPackages()) {
                Bytes certified = verified.devices().stream().filter(d -> d.deviceId().equals(claimed.deviceId()))
                        .map(DirectoryVerifier.VerifiedDevice::deviceKey).findFirst().orElse(null);
                KeyPackage keyPackage = MlsMessage.parse(Base64Url.decode(claimed.keyPackage()).toByteArray())
                        .bodyAs(KeyPackage.class);
                if (certified == null || !certified.equals(keyPackage.leafNode().signatureKey())
                        || !(userId + "/" + claimed.deviceId()).equals(identity(keyPackage.leafNode().credential()))) {
                    throw new MessagingException("key_package_unverified", "the KeyPackage of " + label(userId) + "'s device "
                            + claimed.deviceId() + " does not carry the device key certified by their identity key; "
                            + "nothing was changed. Check 'parley contacts verify " + label(userId) + "'");
                }
                adds.add(claimed);
                added.add(label(userId) + "/" + claimed.deviceId());
            }
        }
        if (adds.isEmpty()) {
            return List.of();
        }
        commitChange(conversation, adds, List.of());
        return added;
    }

    /** Removes every device of {@code userId} from the group; returns them as {@code user/device}. */
    public List<String> remove(String convId, String userId) {
        LocalConversation conversation = requireGroup(convId);
        if (userId.equals(keys.userId())) {
            throw new MessagingException("cannot_remove_self", "to leave a conversation use 'parley room leave'");
        }
        pull(conversation);
        List<MemberDevice> devices = api.members(convId).devices().stream().filter(d -> d.userId().equals(userId)).toList();
        if (devices.isEmpty()) {
            throw new MessagingException("not_a_member", label(userId) + " has no device in this conversation");
        }
        commitChange(conversation, List.of(), devices.stream().map(d -> d.userId() + "/" + d.deviceId()).toList());
        return devices.stream().map(d -> label(userId) + "/" + d.deviceId()).toList();
    }

    /**
     * Leaves a room: asks its owners and admins (inside the group) to remove this user's devices, then forgets the
     * group's keys here. The history stays readable on this device.
     */
    public void leave(String convId) {
        LocalConversation conversation = requireGroup(convId);
        if ("dm".equals(conversation.kind())) {
            throw new MessagingException("cannot_leave_direct", "a direct conversation cannot be left; block the user "
                    + "instead ('parley contacts block')");
        }
        String msgId = newMsgId();
        sendNow(conversation, msgId, MessageBody.leaveRequest(clock.instant()).encode());
        store.inTransaction(() -> {
            conversations.deleteGroup(convId);
            conversations.setState(convId, LocalConversation.LEFT, clock.instant());
            return null;
        });
    }

    /** The member devices, each checked against the directory and against the group's ratchet tree. */
    public List<MemberStatus> members(String convId) {
        LocalConversation conversation = requireGroup(convId);
        pull(conversation);
        ConversationsApi.Members remote = api.members(convId);
        Map<String, String> roles = new HashMap<>();
        remote.users().forEach(u -> roles.put(u.userId(), u.role()));
        MlsGroup group = groups.load(convId).orElseThrow().group();
        Map<Long, MlsGroup.Member> tree = new HashMap<>();
        group.members().forEach(m -> tree.put(m.leaf(), m));
        Map<String, DirectoryVerifier.Verified> verified = new HashMap<>();
        List<MemberStatus> statuses = new ArrayList<>();
        for (MemberDevice device : remote.devices()) {
            DirectoryVerifier.Verified user = verified.computeIfAbsent(device.userId(), directory::verify);
            MlsGroup.Member leaf = tree.get(device.leafIndex());
            Bytes certified = user.devices().stream().filter(d -> d.deviceId().equals(device.deviceId()))
                    .map(DirectoryVerifier.VerifiedDevice::deviceKey).findFirst().orElse(null);
            String problem = null;
            if (leaf == null || !leaf.userId().equals(device.userId()) || !leaf.deviceId().equals(device.deviceId())) {
                problem = "the group's leaf " + device.leafIndex() + " is not this device";
            } else if (certified == null) {
                problem = "the directory has no certified key for this device (revoked, or not signed by the identity key)";
            } else if (!certified.equals(leaf.signatureKey())) {
                problem = "the leaf's key is not the device key certified by the user's identity key";
            }
            statuses.add(new MemberStatus(device.userId(), user.username(), device.deviceId(), device.leafIndex(),
                    roles.get(device.userId()), problem == null, user.identityChanged(), problem));
        }
        return statuses;
    }

    // --- sending

    /** Queues a text message; it is sent by {@link #sync} (or {@link #flush}) with this msg_id, exactly once. */
    public OutboxEntry queue(String convId, String text) {
        LocalConversation conversation = requireGroup(convId);
        OutboxEntry entry = new OutboxEntry(newMsgId(), conversation.convId(),
                groups.sealBody(convId, MessageBody.text(text, clock.instant()).encode()), clock.instant(), 0, null);
        conversations.enqueue(entry);
        return entry;
    }

    /** Sends what is queued for a conversation (every conversation if null); returns how many were sent. */
    public int flush(String convId) {
        int sent = 0;
        for (OutboxEntry entry : conversations.outbox(convId)) {
            LocalConversation conversation = conversations.conversation(entry.convId()).orElse(null);
            if (conversation == null || !conversation.active()) {
                continue;
            }
            try {
                Accepted accepted = sendNow(conversation, entry.msgId(), groups.openBody(entry.convId(), entry.body()));
                store.inTransaction(() -> {
                    conversations.addMessage(new StoredMessage(entry.convId(), accepted.seq(), entry.msgId(), keys.userId(),
                            keys.deviceId(), StoredMessage.TEXT, entry.body(), entry.createdAt(), clock.instant()));
                    conversations.removeFromOutbox(entry.msgId());
                    return null;
                });
                sent++;
            } catch (GatewayException e) {
                conversations.recordAttempt(entry.msgId(), e.code());
                throw e;
            } catch (RuntimeException e) {
                conversations.recordAttempt(entry.msgId(), e.getClass().getSimpleName());
                throw e;
            }
        }
        return sent;
    }

    /** Encrypts in the current epoch (the ratchet saved first) and sends; rebuilds after {@code stale_epoch}. */
    private Accepted sendNow(LocalConversation conversation, String msgId, byte[] plaintext) {
        for (int attempt = 0; ; attempt++) {
            pull(conversation);
            byte[] ciphertext = store.inTransaction(() -> {
                GroupVault.Held held = groups.load(conversation.convId()).orElseThrow(() -> notInGroup(conversation));
                byte[] protectedMessage = held.group().protect(plaintext);
                groups.save(conversation.convId(), held.group(), held.pendingMsgId(), held.pendingSuccessor(),
                        held.pendingCommit(), clock.instant());
                return protectedMessage;
            });
            try {
                return api.send(conversation.convId(), msgId, Base64Url.encode(Bytes.of(ciphertext)));
            } catch (GatewayException e) {
                if (!"stale_epoch".equals(e.code()) || attempt >= STALE_RETRIES) {
                    throw e;
                }
            }
        }
    }

    // --- reading the log

    /**
     * Fetches new conversations, reads every log into the store, sends the outbox and acknowledges what was processed.
     * With {@code addOwnDevices}, this user's devices that are not members of a group yet are added.
     */
    public SyncReport sync(String onlyConvId, boolean maintainMembers) {
        List<String> warnings = new ArrayList<>();
        Map<String, Predicate<String>> revokedByUser = new HashMap<>();
        List<String> changes = new ArrayList<>();
        if (onlyConvId == null) {
            discover();
        }
        int processed = 0;
        List<HistoryItem> received = new ArrayList<>();
        for (LocalConversation conversation : conversations.conversations()) {
            if (onlyConvId != null && !onlyConvId.equals(conversation.convId()) || !conversation.active()) {
                continue;
            }
            try {
                Pulled pulled = pull(conversation);
                processed += pulled.processed();
                received.addAll(pulled.received());
                warnings.addAll(pulled.warnings());
                honourLeaveRequests(conversation, pulled.leaveRequests(), warnings);
                boolean stillActive = conversations.conversation(conversation.convId()).map(LocalConversation::active).orElse(false);
                if (stillActive && conversations.group(conversation.convId()).isEmpty()) {
                    rejoin(conversation, warnings);
                }
                if (maintainMembers && conversations.group(conversation.convId()).isPresent()) {
                    removeRevokedDevices(conversation, revokedByUser, changes, warnings);
                    List<String> added = invite(conversation.convId(), List.of(keys.userId()));
                    if (!added.isEmpty()) {
                        changes.add("added " + String.join(", ", added) + " to " + display(conversation));
                    }
                }
            } catch (GatewayException e) {
                if ("conversation_not_found".equals(e.code())) {
                    store.inTransaction(() -> {
                        conversations.deleteGroup(conversation.convId());
                        conversations.setState(conversation.convId(), LocalConversation.REMOVED, clock.instant());
                        return null;
                    });
                    warnings.add("you no longer take part in " + display(conversation) + "; its history stays on this device");
                    continue;
                }
                if (!"not_member".equals(e.code())) {
                    throw e;
                }
                warnings.add("waiting to be added to " + display(conversation) + " by one of its members");
            }
        }
        int sent = flush(onlyConvId);
        acknowledge(onlyConvId);
        return new SyncReport(processed, received, sent, conversations.outbox(onlyConvId).size(), changes, warnings);
    }

    /**
     * Processes a log entry that arrived live (a realtime {@code message} frame); returns what it added, in order. An
     * entry after a gap (or for a conversation not known yet) reads the log up to it first, so nothing is skipped.
     */
    public List<HistoryItem> receive(String convId, LogEntry entry) {
        Optional<LocalConversation> conversation = conversations.conversation(convId);
        if (conversation.isEmpty()) {
            discover();
            conversation = conversations.conversation(convId);
        }
        if (conversation.isEmpty() || !conversation.get().active()) {
            return List.of();
        }
        if (entry.seq() != conversation.get().processedSeq() + 1) {
            return pull(conversation.get()).received();
        }
        List<String> leaveRequests = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        HistoryItem item = apply(conversation.get(), entry, leaveRequests, warnings);
        honourLeaveRequests(conversation.get(), leaveRequests, warnings);
        return item == null ? List.of() : List.of(item);
    }

    /** Tells the gateway how far this device processed each conversation, so it can prune. */
    public void acknowledge(String onlyConvId) {
        for (LocalConversation conversation : conversations.conversations()) {
            if ((onlyConvId == null || onlyConvId.equals(conversation.convId())) && conversation.processedSeq() > conversation.ackedSeq()) {
                try {
                    long acked = api.ack(conversation.convId(), conversation.processedSeq()).seq();
                    conversations.markAcked(conversation.convId(), acked);
                } catch (GatewayException e) {
                    // not a member any more, or removed: nothing left to acknowledge there
                }
            }
        }
    }

    private void discover() {
        for (ConversationsApi.Conversation remote : api.list()) {
            if (conversations.conversation(remote.conversationId()).isPresent()) {
                continue;
            }
            String peer = "dm".equals(remote.type()) ? remote.users().stream().map(ConversationsApi.Participant::userId)
                    .filter(id -> !id.equals(keys.userId())).findFirst().orElse(null) : null;
            adopt(remote, null, peer);
        }
    }

    private record Pulled(int processed, List<HistoryItem> received, List<String> leaveRequests, List<String> warnings) {
    }

    private Pulled pull(LocalConversation start) {
        int processed = 0;
        List<HistoryItem> received = new ArrayList<>();
        List<String> leaveRequests = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        while (true) {
            LocalConversation conversation = conversations.conversation(start.convId()).orElseThrow();
            if (!conversation.active()) {
                break;
            }
            LogPage page = api.log(conversation.convId(), conversation.processedSeq(), PAGE);
            for (LogEntry entry : page.entries()) {
                LocalConversation now = conversations.conversation(start.convId()).orElseThrow();
                if (!now.active()) {
                    break;
                }
                HistoryItem item = apply(now, entry, leaveRequests, warnings);
                processed++;
                if (item != null) {
                    received.add(item);
                }
            }
            if (!page.more() || page.entries().isEmpty()) {
                break;
            }
        }
        return new Pulled(processed, received, leaveRequests, warnings);
    }

    /** One entry, in one store transaction with the MLS state it changes and the processed seq. */
    private HistoryItem apply(LocalConversation conversation, LogEntry entry, List<String> leaveRequests, List<String> warnings) {
        if (entry.seq() <= conversation.processedSeq()) {
            return null;
        }
        String convId = conversation.convId();
        byte[] message = Base64Url.decode(entry.message()).toByteArray();
        boolean mine = keys.userId().equals(entry.senderUserId()) && keys.deviceId().equals(entry.senderDeviceId());
        return store.inTransaction(() -> {
            Instant now = clock.instant();
            Optional<GroupVault.Held> held = loadOrForget(convId, warnings);
            HistoryItem item = null;
            switch (entry.kind()) {
                case "welcome" -> {
                    if (held.isEmpty()) {
                        try {
                            groups.save(convId, join(message), now);
                            item = event(convId, entry, label(entry.senderUserId()) + " added this device");
                        } catch (MessagingException | MlsException e) {
                            warnings.add("a Welcome to " + display(conversation) + " could not be opened (" + e.getMessage()
                                    + "); this device re-joins the group");
                        }
                    }
                }
                case "commit" -> item = held.map(h -> applyCommit(conversation, h, entry, message, mine, warnings)).orElse(null);
                case "application" -> item = held.map(h -> applyApplication(convId, h, entry, message, mine, leaveRequests))
                        .orElse(null);
                default -> warnings.add("skipped a log entry of unknown kind " + entry.kind());
            }
            conversations.markProcessed(convId, entry.seq(), now);
            return item;
        });
    }

    private MlsGroup join(byte[] welcome) {
        Welcome parsed = MlsMessage.parse(welcome).bodyAs(Welcome.class);
        for (KeyPackageRef ref : parsed.recipients()) {
            GeneratedKeyPackage mine = keyPackages.keysOf(ref.value().hex(), keys);
            if (mine != null) {
                MlsGroup group = MlsGroup.join(keys, welcome, mine);
                keyPackages.markUsed(mine);
                return group;
            }
        }
        throw new MessagingException("welcome_unreadable", "a Welcome names none of this device's KeyPackages");
    }

    private HistoryItem applyCommit(LocalConversation conversation, GroupVault.Held held, LogEntry entry, byte[] commit,
            boolean mine, List<String> warnings) {
        String convId = conversation.convId();
        Instant now = clock.instant();
        MlsGroup group = held.group();
        if (!mine && group.removesMe(commit)) {
            conversations.deleteGroup(convId);
            conversations.setState(convId, LocalConversation.REMOVED, now);
            return event(convId, entry, label(entry.senderUserId()) + " removed this device from the conversation");
        }
        String change = describe(group, commit, entry.senderUserId());
        try {
            if (mine && held.pending(entry.msgId())) {
                group.applyOwn(held.pendingCommit(), held.pendingSuccessor());
            } else if (mine) {
                throw new MlsException("this device's commit " + entry.msgId() + " is not the one it kept", null);
            } else {
                group.handleCommit(commit);
            }
        } catch (MlsException e) {
            conversations.deleteGroup(convId);
            warnings.add("could not process a commit of " + display(conversation) + " (" + e.getMessage()
                    + "); this device re-joins the group");
            return event(convId, entry, "a change of the group could not be processed on this device; it re-joins");
        }
        groups.save(convId, group, now);
        return change == null ? null : event(convId, entry, change);
    }

    private HistoryItem applyApplication(String convId, GroupVault.Held held, LogEntry entry, byte[] message, boolean mine,
            List<String> leaveRequests) {
        Instant now = clock.instant();
        if (mine) {
            if (conversations.hasMessage(convId, entry.msgId())) {
                return null;
            }
            Optional<OutboxEntry> queued = conversations.outboxEntry(convId, entry.msgId());
            if (queued.isEmpty()) {
                return null; // a control message of this device (e.g. a leave request)
            }
            StoredMessage own = new StoredMessage(convId, entry.seq(), entry.msgId(), entry.senderUserId(),
                    entry.senderDeviceId(), StoredMessage.TEXT, queued.get().body(), queued.get().createdAt(), now);
            conversations.addMessage(own);
            conversations.removeFromOutbox(entry.msgId());
            return item(own);
        }
        byte[] plaintext;
        try {
            plaintext = held.group().unprotect(message);
        } catch (MlsException e) {
            StoredMessage lost = new StoredMessage(convId, entry.seq(), entry.msgId(), entry.senderUserId(),
                    entry.senderDeviceId(), StoredMessage.UNDECRYPTABLE,
                    groups.sealBody(convId, MessageBody.event("could not be decrypted: " + e.getMessage(), now).encode()), null, now);
            conversations.addMessage(lost);
            return item(lost);
        }
        groups.save(convId, held.group(), held.pendingMsgId(), held.pendingSuccessor(), held.pendingCommit(), now);
        MessageBody body = MessageBody.decode(plaintext);
        if (MessageBody.LEAVE_REQUEST.equals(body.type())) {
            leaveRequests.add(entry.senderUserId());
            return event(convId, entry, label(entry.senderUserId()) + " left the conversation");
        }
        if (body.needsNewerClient()) {
            return event(convId, entry, label(entry.senderUserId()) + " sent a message that needs a newer version of Parley");
        }
        if (!body.shown()) {
            return null;
        }
        StoredMessage stored = new StoredMessage(convId, entry.seq(), entry.msgId(), entry.senderUserId(), entry.senderDeviceId(),
                StoredMessage.TEXT, groups.sealBody(convId, body.encode()), body.sentAt(), now);
        conversations.addMessage(stored);
        return item(stored);
    }

    /** An owner or admin removes the devices of users who asked to leave (others' clients ignore the request). */
    private void honourLeaveRequests(LocalConversation conversation, List<String> userIds, List<String> warnings) {
        if (userIds.isEmpty() || conversations.group(conversation.convId()).isEmpty()) {
            return;
        }
        String role = api.get(conversation.convId()).role();
        if (!"owner".equals(role) && !"admin".equals(role)) {
            return;
        }
        for (String userId : new LinkedHashSet<>(userIds)) {
            try {
                remove(conversation.convId(), userId);
            } catch (MessagingException | GatewayException e) {
                warnings.add("could not remove " + label(userId) + " who left " + display(conversation) + ": " + e.getMessage());
            }
        }
    }

    /**
     * Removes the member devices that the directory reports revoked, or whose user is gone: a revoked device must not
     * receive the keys of another epoch. Any member may do this (the gateway checks the revocation itself).
     */
    private void removeRevokedDevices(LocalConversation conversation, Map<String, Predicate<String>> revokedByUser,
            List<String> changes, List<String> warnings) {
        List<String> revoked = api.members(conversation.convId()).devices().stream()
                .filter(d -> !d.userId().equals(keys.userId()) || !d.deviceId().equals(keys.deviceId()))
                .filter(d -> revokedByUser.computeIfAbsent(d.userId(), this::revokedDevices).test(d.deviceId()))
                .map(d -> d.userId() + "/" + d.deviceId())
                .toList();
        if (revoked.isEmpty()) {
            return;
        }
        String devices = String.join(", ", revoked.stream().map(this::deviceLabel).toList());
        try {
            commitChange(conversation, List.of(), revoked);
            changes.add("removed the revoked " + devices + " from " + display(conversation));
        } catch (MessagingException | GatewayException e) {
            warnings.add("could not remove the revoked " + devices + " from " + display(conversation) + ": " + e.getMessage());
        }
    }

    /** Which of the user's device ids are revoked: all of them when the user is gone from the realm. */
    private Predicate<String> revokedDevices(String userId) {
        try {
            Set<String> revoked = authenticationService.directory(userId).devices().stream()
                    .filter(AuthenticationServiceClient.Device::revoked)
                    .map(AuthenticationServiceClient.Device::deviceId)
                    .collect(Collectors.toSet());
            return revoked::contains;
        } catch (GatewayException e) {
            if ("user_not_found".equals(e.code())) {
                return deviceId -> true;
            }
            throw e;
        }
    }

    /** The stored group, or empty (and forgotten) when its state cannot be read, so that the device re-joins. */
    private Optional<GroupVault.Held> loadOrForget(String convId, List<String> warnings) {
        try {
            return groups.load(convId);
        } catch (MlsStateException e) {
            conversations.deleteGroup(convId);
            warnings.add("the MLS state of conversation " + convId + " cannot be used (" + e.getMessage()
                    + "); this device re-joins the group");
            return Optional.empty();
        }
    }

    /**
     * Gets this device back into a group it is a member of but holds no usable state for (a commit it could not
     * process, state it could not read): an external commit (RFC 9420 §12.4.3.2) with the current GroupInfo that
     * replaces its old leaf. What was sent between the loss and the re-join stays unreadable on this device. Does
     * nothing for a device that is not a member (not added yet, or removed).
     */
    private void rejoin(LocalConversation conversation, List<String> warnings) {
        String convId = conversation.convId();
        for (int attempt = 0; attempt <= STALE_RETRIES; attempt++) {
            Optional<MemberDevice> me;
            try {
                me = api.members(convId).devices().stream()
                        .filter(d -> d.userId().equals(keys.userId()) && d.deviceId().equals(keys.deviceId())).findFirst();
            } catch (GatewayException e) {
                if ("not_member".equals(e.code()) || "conversation_not_found".equals(e.code())) {
                    return;
                }
                throw e;
            }
            if (me.isEmpty()) {
                return;
            }
            ConversationsApi.GroupInfo info = api.groupInfo(convId);
            MlsGroup.PendingCommit pending = MlsGroup.externalRejoin(keys, Base64Url.decode(info.groupInfo()).toByteArray(),
                    me.get().leafIndex(), clock.instant());
            String msgId = "r-" + UUID.randomUUID();
            Accepted accepted;
            try {
                accepted = api.commit(convId, msgId, Base64Url.encode(Bytes.of(pending.commit())), null,
                        Base64Url.encode(Bytes.of(pending.groupInfo())), List.of(),
                        List.of(new RemovedDevice(keys.userId(), keys.deviceId())));
            } catch (GatewayException e) {
                if ("stale_epoch".equals(e.code())) {
                    continue;
                }
                throw e;
            }
            long seq = accepted.seq();
            store.inTransaction(() -> {
                groups.save(convId, MlsGroup.fromExternal(pending), clock.instant());
                conversations.markProcessed(convId, seq, clock.instant());
                event(convId, new LogEntry(seq, "commit", msgId, accepted.epoch(), keys.userId(), keys.deviceId(), null),
                        "this device re-joined the group; messages sent while it was out cannot be read here");
                return null;
            });
            warnings.add("re-joined " + display(conversation));
            return;
        }
        warnings.add("could not re-join " + display(conversation) + ": other members' commits kept winning; run 'parley sync' again");
    }

    // --- commits

    /** Commits adds and removes, keeping the successor until the gateway accepts it; rebuilds after stale_epoch. */
    private void commitChange(LocalConversation conversation, List<ClaimedKeyPackage> adds, List<String> removedDevices) {
        String convId = conversation.convId();
        for (int attempt = 0; ; attempt++) {
            pull(conversation);
            List<Long> leaves = new ArrayList<>();
            List<RemovedDevice> removes = new ArrayList<>();
            List<MemberDevice> members = removedDevices.isEmpty() ? List.of() : api.members(convId).devices();
            for (MemberDevice device : members) {
                if (removedDevices.contains(device.userId() + "/" + device.deviceId())) {
                    leaves.add(device.leafIndex());
                    removes.add(new RemovedDevice(device.userId(), device.deviceId()));
                }
            }
            if (adds.isEmpty() && removes.isEmpty()) {
                return;
            }
            if (adds.isEmpty() && removes.size() == members.size() - 1) {
                // bcmls 1.84 cannot re-key a tree of one leaf (TreeKEMPublicKey.parentHashes fails)
                throw new MessagingException("last_member", "this would leave only this device in "
                        + display(conversation) + ", and a group of one cannot be re-keyed here; nothing was changed");
            }
            String msgId = "c-" + UUID.randomUUID();
            MlsGroup.PendingCommit pending = store.inTransaction(() -> {
                GroupVault.Held held = groups.load(convId).orElseThrow(() -> notInGroup(conversation));
                MlsGroup.PendingCommit commit = held.group().commit(
                        adds.stream().map(a -> Base64Url.decode(a.keyPackage()).toByteArray()).toList(), leaves);
                groups.save(convId, held.group(), msgId, commit.successor(), commit.commit(), clock.instant());
                return commit;
            });
            try {
                api.commit(convId, msgId, Base64Url.encode(Bytes.of(pending.commit())),
                        pending.welcome() == null ? null : Base64Url.encode(Bytes.of(pending.welcome())),
                        Base64Url.encode(Bytes.of(pending.groupInfo())), adds.stream().map(ClaimedKeyPackage::ref).toList(),
                        removes);
            } catch (GatewayException e) {
                store.inTransaction(() -> {
                    groups.load(convId).ifPresent(held -> groups.save(convId, held.group(), clock.instant()));
                    return null;
                });
                if (!"stale_epoch".equals(e.code()) || attempt >= STALE_RETRIES) {
                    throw e;
                }
                continue;
            }
            pull(conversation);
            return;
        }
    }

    /** "alice added bob/laptop, removed carol/phone", from the commit's proposals; null for a plain update. */
    private String describe(MlsGroup group, byte[] commit, String committer) {
        PublicMessage message = MlsMessage.parse(commit).bodyAs(PublicMessage.class);
        Map<Long, MlsGroup.Member> leaves = new HashMap<>();
        group.members().forEach(m -> leaves.put(m.leaf(), m));
        List<String> added = message.addedKeyPackages().stream().map(kp -> deviceLabel(identity(kp.leafNode().credential())))
                .toList();
        List<String> removed = message.removedLeaves().stream().map(leaves::get)
                .map(m -> m == null ? "an unknown device" : label(m.userId()) + "/" + m.deviceId()).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(label(committer));
        if (!added.isEmpty()) {
            text.append(" added ").append(String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            text.append(added.isEmpty() ? " removed " : "; removed ").append(String.join(", ", removed));
        }
        return text.toString();
    }

    // --- plumbing

    private HistoryItem event(String convId, LogEntry entry, String text) {
        Instant now = clock.instant();
        StoredMessage stored = new StoredMessage(convId, entry.seq(), entry.msgId() == null ? "seq-" + entry.seq() : entry.msgId(),
                entry.senderUserId(), entry.senderDeviceId(), StoredMessage.EVENT,
                groups.sealBody(convId, MessageBody.event(text, now).encode()), now, now);
        conversations.addMessage(stored);
        return item(stored);
    }

    private HistoryItem item(StoredMessage stored) {
        MessageBody body = MessageBody.decode(groups.openBody(stored.convId(), stored.body()));
        return new HistoryItem(stored.convId(), stored.seq(), stored.msgId(), stored.senderUserId(), name(stored.senderUserId()),
                stored.senderDeviceId(), stored.kind(), body.text(), keys.userId().equals(stored.senderUserId()),
                stored.sentAt(), stored.receivedAt());
    }

    private LocalConversation requireGroup(String convId) {
        LocalConversation conversation = conversations.conversation(convId).orElseThrow(() -> new MessagingException(
                "conversation_unknown", "no conversation " + convId + " on this device; run 'parley sync'"));
        if (!conversation.active()) {
            throw new MessagingException("not_in_group", "this device is no longer in " + display(conversation) + " ("
                    + conversation.state() + ")");
        }
        if (conversations.group(convId).isEmpty()) {
            try {
                pull(conversation);
            } catch (GatewayException e) {
                if (!"not_member".equals(e.code())) {
                    throw e;
                }
            }
            if (conversations.group(convId).isEmpty()) {
                throw notInGroup(conversation);
            }
        }
        return conversations.conversation(convId).orElseThrow();
    }

    private MessagingException notInGroup(LocalConversation conversation) {
        return new MessagingException("not_in_group", "this device is not in the group of " + display(conversation)
                + " yet; a member adds it (for your own new device: run 'parley sync' on one of your other devices)");
    }

    /** A conversation for people: the room's name, or "the conversation with bob". */
    public String display(LocalConversation conversation) {
        if ("dm".equals(conversation.kind()) && conversation.peerUserId() != null) {
            return "the conversation with " + label(conversation.peerUserId());
        }
        return conversation.name() != null ? "room '" + conversation.name() + "'" : "conversation " + conversation.convId();
    }

    /** The user id of a user name (or of an id, returned as is); {@code user_not_found} from the realm otherwise. */
    public String userId(String nameOrId) {
        if (nameOrId.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return nameOrId;
        }
        AuthenticationServiceClient.RealmUser user = authenticationService.userByUsername(nameOrId);
        names.put(user.userId(), user.username());
        if (user.userId().equals(keys.userId())) {
            throw new MessagingException("conversation_unknown", "a direct conversation is with someone else; use a room");
        }
        return user.userId();
    }

    /** The user name of a user id (cached; the id itself if the realm does not know it). */
    public String label(String userId) {
        String name = name(userId);
        return name == null ? userId : name;
    }

    private String name(String userId) {
        if (userId == null) {
            return null;
        }
        return names.computeIfAbsent(userId, id -> store.knownIdentity(id).map(k -> k.username()).orElseGet(() -> {
            try {
                return authenticationService.user(id).username();
            } catch (RuntimeException e) {
                return null;
            }
        }));
    }

    private String deviceLabel(String identity) {
        int slash = identity.indexOf('/');
        return slash < 0 ? identity : label(identity.substring(0, slash)) + identity.substring(slash);
    }

    private static String identity(Credential credential) {
        return credential instanceof Credential.Basic basic ? new String(basic.identity().toByteArray(), StandardCharsets.UTF_8) : "";
    }

    private static String newMsgId() {
        return "m-" + UUID.randomUUID();
    }
}
