package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.conversation.Conversation;
import dev.parley.gateway.domain.model.conversation.ConversationKind;
import dev.parley.gateway.domain.model.conversation.DmPolicy;
import dev.parley.gateway.domain.model.conversation.MemberDevice;
import dev.parley.gateway.domain.model.conversation.MlsInput;
import dev.parley.gateway.domain.model.conversation.Participant;
import dev.parley.gateway.domain.model.conversation.Role;
import dev.parley.gateway.domain.model.conversation.StoredGroupInfo;
import dev.parley.gateway.domain.model.conversation.GroupInfoCheck;
import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations: direct ones between two users and rooms with roles, each one MLS group whose member devices the
 * gateway keeps (see {@link ConversationLog} for the log and the commits that change the members).
 *
 * <p>Invariants:
 * <ul>
 *   <li>There is at most one direct conversation per pair of users, also under concurrent creates: the unique
 *       {@code dm_key} lets one insert win, and every other create returns the winner.</li>
 *   <li>A new conversation is at epoch 0 with an empty log and one member device, the creator's, at leaf 0 with
 *       the client-chosen MLS group_id (unique among conversations).</li>
 *   <li>Direct conversations follow {@code parley.dm.policy}; a block between the two users refuses one with
 *       {@code contact_refused}, the same error as any refusal, so the block is not revealed.</li>
 *   <li>Users who take no part in a conversation learn nothing of it: every read is {@code conversation_not_found}.</li>
 *   <li>A new conversation counts against its creator's quotas ({@link ConversationQuotas}); a direct conversation
 *       also needs room under the peer's cap of conversations. Returning an existing direct conversation counts
 *       nothing. The epoch-0 GroupInfo is an MLS message like any other: at most {@code parley.mailbox.max-envelope-bytes}.</li>
 * </ul>
 */
@ApplicationScoped
public class ConversationManager {

    /** Longest MLS group_id accepted, in bytes. */
    public static final int MAX_GROUP_ID = 255;

    /** A conversation as one of its users sees it. */
    public record View(Conversation conversation, List<Participant> participants, Role role, boolean created) {
    }

    /** Who takes part (users and roles) and which devices are in the group. */
    public record Members(Conversation conversation, List<Participant> users, List<MemberDevice> devices) {
    }

    private final Clock clock = Clock.systemUTC();

    @Inject
    ConversationStore store;


    @Inject
    DeviceDirectory devices;

    @Inject
    ContactManager contacts;

    @Inject
    GatewayConfig config;

    @Inject
    ConversationQuotas quotas;

    /**
     * Creates a room owned by the caller, with the calling device as its first member (leaf 0, epoch 0).
     *
     * @param groupInfo MLSMessage(GroupInfo) of epoch 0 (required), kept for members to read and to check the first commit
     */
    public View createRoom(String userId, String deviceId, String name, byte[] groupId, byte[] groupInfo) {
        DeviceRecord device = devices.requireActive(userId, deviceId);
        quotas.requireCreationAllowed(userId);
        Instant now = clock.instant();
        Conversation room = new Conversation(UUID.randomUUID().toString(), ConversationKind.ROOM, name,
                groupIdHex(groupId), null, userId, now);
        List<Participant> participants = List.of(new Participant(room.id(), userId, Role.OWNER, now));
        insert(room, participants, device, groupInfo, now);
        return new View(room, participants, Role.OWNER, true);
    }

    /**
     * The direct conversation of the caller and {@code peerUserId}: created with the calling device as its first
     * member, or the existing one ({@code created == false}, whatever group_id was asked for).
     */
    public View createDm(String userId, String deviceId, String peerUserId, byte[] groupId, byte[] groupInfo) {
        DeviceRecord device = devices.requireActive(userId, deviceId);
        if (userId.equals(peerUserId)) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "peer_user_id: a direct conversation needs another user.");
        }
        if (contacts.blockedEitherWay(userId, peerUserId)) {
            throw new ParleyException(ParleyError.CONTACT_REFUSED);
        }
        if (config.dmPolicy() == DmPolicy.CONTACTS && !contacts.areContacts(userId, peerUserId)) {
            throw new ParleyException(ParleyError.CONTACT_REQUIRED);
        }
        if (devices.devicesOf(peerUserId).stream().allMatch(DeviceRecord::revoked)) {
            throw new ParleyException(ParleyError.USER_NOT_FOUND,
                    "peer_user_id: there is no user with a registered device under this id.");
        }
        String dmKey = Conversation.dmKey(userId, peerUserId);
        Optional<View> existing = existingDm(userId, dmKey);
        if (existing.isPresent()) {
            return existing.get();
        }
        quotas.requireCreationAllowed(userId);
        quotas.requireRoomFor(peerUserId);
        Instant now = clock.instant();
        Conversation dm = new Conversation(UUID.randomUUID().toString(), ConversationKind.DM, null, groupIdHex(groupId),
                dmKey, userId, now);
        List<Participant> participants = List.of(new Participant(dm.id(), userId, Role.MEMBER, now),
                new Participant(dm.id(), peerUserId, Role.MEMBER, now));
        try {
            insert(dm, participants, device, groupInfo, now);
        } catch (ParleyException e) {
            if (e.error() == ParleyError.GROUP_ID_TAKEN) {
                return existingDm(userId, dmKey).orElseThrow(() -> e);
            }
            throw e;
        }
        return new View(dm, participants, Role.MEMBER, true);
    }

    /** The conversations the user takes part in, newest first. */
    @Transactional
    public List<View> list(String userId) {
        List<View> views = new ArrayList<>();
        for (Conversation conversation : store.conversationsOf(userId)) {
            views.add(view(conversation, userId, false));
        }
        return views;
    }

    @Transactional
    public View get(String userId, String conversationId) {
        return view(visible(userId, conversationId), userId, false);
    }

    @Transactional
    public Members members(String userId, String conversationId) {
        Conversation conversation = visible(userId, conversationId);
        return new Members(conversation, store.participants(conversationId), store.members(conversationId));
    }

    /** Gives {@code targetUserId} a role in a room. Only owners change roles. */
    @Transactional
    public Participant setRole(String userId, String conversationId, String targetUserId, Role role) {
        Conversation conversation = store.lock(conversationId)
                .filter(c -> store.participant(c.id(), userId).isPresent())
                .orElseThrow(() -> new ParleyException(ParleyError.CONVERSATION_NOT_FOUND));
        if (conversation.kind() != ConversationKind.ROOM) {
            throw new ParleyException(ParleyError.ROLE_REQUIRED, "Direct conversations have no roles.");
        }
        if (store.participant(conversationId, userId).orElseThrow().role() != Role.OWNER) {
            throw new ParleyException(ParleyError.ROLE_REQUIRED, "Only owners change roles.");
        }
        Participant target = store.participant(conversationId, targetUserId)
                .orElseThrow(() -> new ParleyException(ParleyError.NOT_MEMBER, "That user takes no part in this room."));
        target.role(role);
        return target;
    }

    /** The current member devices of a conversation's group, by leaf index (for delivery). */
    @Transactional
    public List<MemberDevice> memberDevices(String conversationId) {
        return store.members(conversationId);
    }

    /** The ids of the conversations whose group the device is a member of now (for delivery). */
    @Transactional
    public List<String> conversationsOfDevice(String userId, String deviceId) {
        return store.conversationsOfDevice(userId, deviceId);
    }

    private Optional<View> existingDm(String userId, String dmKey) {
        return store.findDm(dmKey).map(dm -> view(dm, userId, false));
    }

    private View view(Conversation conversation, String userId, boolean created) {
        List<Participant> participants = store.participants(conversation.id());
        Role role = participants.stream().filter(p -> p.userId().equals(userId)).map(Participant::role).findFirst()
                .orElse(null);
        return new View(conversation, participants, role, created);
    }

    private Conversation visible(String userId, String conversationId) {
        return store.find(conversationId)
                .filter(c -> store.participant(c.id(), userId).isPresent())
                .orElseThrow(() -> new ParleyException(ParleyError.CONVERSATION_NOT_FOUND));
    }

    private void insert(Conversation conversation, List<Participant> participants, DeviceRecord creator,
            byte[] groupInfo, Instant now) {
        StoredGroupInfo epochZero = epochZeroGroupInfo(conversation, creator, groupInfo, now, config.maxEnvelopeBytes());
        MemberDevice first = new MemberDevice(conversation.id(), creator.userId(), creator.deviceId(), 0, 0);
        try {
            store.insert(conversation, participants, first, epochZero);
        } catch (PersistenceException e) {
            throw new ParleyException(ParleyError.GROUP_ID_TAKEN);
        }
    }

    /**
     * The new group's GroupInfo, required: the first commit's signature is checked over its GroupContext, and the
     * transcript hash chain that ties every later GroupInfo to its commit starts from it.
     */
    private static StoredGroupInfo epochZeroGroupInfo(Conversation conversation, DeviceRecord creator, byte[] bytes,
            Instant now, int maxEnvelopeBytes) {
        if (bytes == null) {
            throw new ParleyException(ParleyError.BAD_REQUEST,
                    "group_info: required, the new group's GroupInfo of epoch 0 signed by the creating device.");
        }
        if (bytes.length > maxEnvelopeBytes) {
            throw new ParleyException(ParleyError.ENVELOPE_TOO_LARGE, "group_info: " + bytes.length
                    + " bytes; this gateway accepts at most " + maxEnvelopeBytes + " bytes per message.");
        }
        GroupInfo groupInfo = MlsInput.groupInfo("group_info", bytes);
        GroupInfoCheck.CheckedEpoch checked = GroupInfoCheck.firstEpoch(groupInfo, conversation.groupId());
        if (!Signatures.verify(() -> groupInfo.verifySignature(Bytes.of(creator.signatureKey())))) {
            throw new ParleyException(ParleyError.MLS_SIGNATURE_INVALID,
                    "group_info: the signature does not verify with the calling device's key.");
        }
        return new StoredGroupInfo(conversation.id(), 0, bytes, checked, now);
    }

    private static String groupIdHex(byte[] groupId) {
        if (groupId == null || groupId.length == 0 || groupId.length > MAX_GROUP_ID) {
            throw new ParleyException(ParleyError.BAD_REQUEST,
                    "group_id: must be 1 to " + MAX_GROUP_ID + " bytes (base64url), the MLS group's id.");
        }
        return Bytes.of(groupId).hex();
    }
}
