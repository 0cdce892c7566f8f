package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.application.ConversationLog;
import dev.parley.gateway.application.ConversationManager;
import dev.parley.gateway.application.GatewayInfo;
import dev.parley.gateway.application.MailboxManager;
import dev.parley.gateway.domain.model.conversation.Conversation;
import dev.parley.gateway.domain.model.conversation.MemberDevice;
import dev.parley.gateway.domain.model.conversation.Participant;
import dev.parley.gateway.domain.model.conversation.Role;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.conversation.StoredGroupInfo;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/conversations}: conversations (direct and rooms), their members, and their log — the MLS Delivery
 * Service over REST. Calls that act as a device name it in the {@code Parley-Device-Id} header; it must be a
 * registered, unrevoked device of the token's user, and the request is signed with its key ({@link DeviceBound}). MLS messages travel as unpadded base64url of the whole
 * MLSMessage. See {@link ConversationManager} and {@link ConversationLog} for the invariants.
 */
@Path("/v1/conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsController {

    private static final String DEVICE_HEADER = KeyPackagesController.DEVICE_HEADER;
    private static final String MSG_ID = ConversationLog.MSG_ID_PATTERN;
    private static final String MSG_ID_MESSAGE = "must be 1 to 64 letters, digits or . _ : -";
    /** base64url of an MLSMessage of at most 1 MiB. */
    private static final int MAX_MESSAGE = 1_398_102;

    /** {@code {"type": "dm"|"room", "peer_user_id" (dm), "name" (room), "group_id", "group_info" (epoch 0, required)}} */
    public record CreateRequest(
            @NotNull(message = "type is required") @Pattern(regexp = "dm|room", message = "type must be dm or room") String type,
            @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String peerUserId,
            @Size(max = 255, message = "name may have at most 255 characters") String name,
            @NotNull(message = "group_id is required") @Size(max = 400, message = "group_id is at most 255 bytes") String groupId,
            @Size(max = MAX_MESSAGE, message = "group_info is too large") String groupInfo) {
    }

    /** One participant and its role. */
    public record UserResponse(String userId, String role) {
    }

    /** A conversation; {@code role} is the caller's. */
    public record ConversationResponse(String conversationId, String type, String name, String groupId, long epoch,
            long lastSeq, String createdBy, Instant createdAt, String role, List<UserResponse> users, String gatewayId,
            String convHome, String originGateway) {
    }

    public record ConversationList(List<ConversationResponse> conversations) {
    }

    /** A member device at its leaf; {@code joined_seq}: it reads the entries after this seq. */
    public record DeviceResponse(String userId, String deviceId, long leafIndex, long joinedSeq) {
    }

    public record MembersResponse(String conversationId, long epoch, List<UserResponse> users, List<DeviceResponse> devices,
            String gatewayId, String convHome, String originGateway) {
    }

    public record RoleRequest(@NotNull(message = "role is required")
            @Pattern(regexp = "owner|admin|member", message = "role must be owner, admin or member") String role) {
    }

    /** {@code {"msg_id", "message"}}: an MLSMessage(PrivateMessage) of content type application. */
    public record SendRequest(
            @NotNull(message = "msg_id is required") @Pattern(regexp = MSG_ID, message = "msg_id " + MSG_ID_MESSAGE) String msgId,
            @NotNull(message = "message is required") @Size(max = MAX_MESSAGE, message = "message is larger than 1 MiB") String message) {
    }

    /** A device named in a commit's removes. */
    public record DeviceRef(
            @NotNull(message = "removes[].user_id is required") String userId,
            @NotNull(message = "removes[].device_id is required") String deviceId) {
    }

    /** A commit bundle: see docs/protocol.md#commits. */
    public record CommitRequest(
            @NotNull(message = "msg_id is required") @Pattern(regexp = MSG_ID, message = "msg_id " + MSG_ID_MESSAGE) String msgId,
            @NotNull(message = "commit is required") @Size(max = MAX_MESSAGE, message = "commit is larger than 1 MiB") String commit,
            @Size(max = MAX_MESSAGE, message = "welcome is larger than 1 MiB") String welcome,
            @NotNull(message = "group_info is required") @Size(max = MAX_MESSAGE, message = "group_info is larger than 1 MiB") String groupInfo,
            @Size(max = 1000, message = "adds may name at most 1000 KeyPackageRefs") List<@NotNull(message = "adds must not contain null") String> adds,
            @Size(max = 1000, message = "removes may name at most 1000 devices") List<@NotNull(message = "removes must not contain null") @Valid DeviceRef> removes) {
    }

    /** Where the message landed; {@code duplicate} when the msg_id had been accepted before (nothing was stored). */
    public record AppendedResponse(String conversationId, long seq, long epoch, boolean duplicate, String gatewayId,
            String convHome, String originGateway) {
    }

    /** One log entry; {@code msg_id} absent on Welcomes. */
    public record EntryResponse(long seq, String kind, String msgId, long epoch, String senderUserId,
            String senderDeviceId, String message) {
    }

    /** A page of the log; ask again with {@code after = next_after} while {@code more}. */
    public record LogResponse(String conversationId, List<EntryResponse> entries, long nextAfter, boolean more,
            long epoch, Long firstAvailableSeq, String gatewayId, String convHome, String originGateway) {
    }

    /** {@code {"seq"}}: the device received the conversation's entries up to this seq. */
    public record AckRequest(@NotNull(message = "seq is required") @Min(value = 0, message = "seq must not be negative") Long seq) {
    }

    /** The device's delivery cursor of the conversation after an acknowledgement. */
    public record CursorResponse(String conversationId, long seq) {
    }

    public record GroupInfoResponse(String conversationId, long epoch, String groupInfo) {
    }

    @Inject
    ConversationManager conversations;

    @Inject
    ConversationLog log;

    @Inject
    MailboxManager mailbox;

    @Inject
    GatewayInfo gateway;

    @Context
    SecurityContext security;

    @DeviceBound
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(DEVICE_HEADER) String deviceId,
            @NotNull(message = "a JSON body is required") @Valid CreateRequest body) {
        byte[] groupId = decode("group_id", body.groupId(), ParleyError.BAD_REQUEST);
        byte[] groupInfo = body.groupInfo() == null ? null : decode("group_info", body.groupInfo(), ParleyError.MALFORMED_MLS);
        ConversationManager.View view;
        if (body.type().equals("dm")) {
            if (body.peerUserId() == null) {
                throw new ParleyException(ParleyError.BAD_REQUEST, "peer_user_id: required for a direct conversation.");
            }
            view = conversations.createDm(me(), deviceId, body.peerUserId(), groupId, groupInfo);
        } else {
            view = conversations.createRoom(me(), deviceId, body.name(), groupId, groupInfo);
        }
        return Response.status(view.created() ? Response.Status.CREATED : Response.Status.OK).entity(response(view)).build();
    }

    @GET
    public ConversationList list() {
        return new ConversationList(conversations.list(me()).stream().map(this::response).toList());
    }

    @GET
    @Path("{conversation_id}")
    public ConversationResponse get(@PathParam("conversation_id") String conversationId) {
        return response(conversations.get(me(), conversationId));
    }

    @GET
    @Path("{conversation_id}/members")
    public MembersResponse members(@PathParam("conversation_id") String conversationId) {
        ConversationManager.Members members = conversations.members(me(), conversationId);
        return new MembersResponse(conversationId, members.conversation().epoch(), users(members.users()),
                members.devices().stream().map(ConversationsController::device).toList(),
                gateway.gatewayId(), gateway.gatewayId(), gateway.gatewayId());
    }

    @PUT
    @Path("{conversation_id}/roles/{user_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserResponse setRole(@PathParam("conversation_id") String conversationId, @PathParam("user_id") String userId,
            @NotNull(message = "a JSON body is required") @Valid RoleRequest body) {
        Participant participant = conversations.setRole(me(), conversationId, userId,
                Role.valueOf(body.role().toUpperCase(Locale.ROOT)));
        return user(participant);
    }

    @DeviceBound
    @POST
    @Path("{conversation_id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public AppendedResponse send(@HeaderParam(DEVICE_HEADER) String deviceId,
            @PathParam("conversation_id") String conversationId,
            @NotNull(message = "a JSON body is required") @Valid SendRequest body) {
        byte[] message = decode("message", body.message(), ParleyError.MALFORMED_MLS);
        return appended(conversationId, log.send(me(), deviceId, conversationId, body.msgId(), message));
    }

    @DeviceBound
    @POST
    @Path("{conversation_id}/commits")
    @Consumes(MediaType.APPLICATION_JSON)
    public AppendedResponse commit(@HeaderParam(DEVICE_HEADER) String deviceId,
            @PathParam("conversation_id") String conversationId,
            @NotNull(message = "a JSON body is required") @Valid CommitRequest body) {
        ConversationLog.CommitBundle bundle = new ConversationLog.CommitBundle(body.msgId(),
                decode("commit", body.commit(), ParleyError.MALFORMED_MLS),
                body.welcome() == null ? null : decode("welcome", body.welcome(), ParleyError.MALFORMED_MLS),
                decode("group_info", body.groupInfo(), ParleyError.MALFORMED_MLS),
                body.adds() == null ? List.of() : body.adds().stream().map(ref -> decode("adds", ref, ParleyError.MEMBERSHIP_MISMATCH)).toList(),
                body.removes() == null ? List.of() : body.removes().stream()
                        .map(d -> new ConversationLog.DeviceKey(d.userId(), d.deviceId())).toList());
        return appended(conversationId, log.sendCommit(me(), deviceId, conversationId, bundle));
    }

    @DeviceBound
    @GET
    @Path("{conversation_id}/log")
    public LogResponse read(@HeaderParam(DEVICE_HEADER) String deviceId,
            @PathParam("conversation_id") String conversationId,
            @QueryParam("after") @DefaultValue("0") @Min(value = 0, message = "after must not be negative") long after,
            @QueryParam("limit") @DefaultValue("100") @Min(value = 1, message = "limit must be at least 1")
            @Max(value = ConversationLog.MAX_PAGE, message = "limit must be at most " + ConversationLog.MAX_PAGE) int limit) {
        ConversationLog.Page page = log.read(me(), deviceId, conversationId, after, limit);
        List<EntryResponse> entries = page.entries().stream().map(ConversationsController::entry).toList();
        long from = page.firstAvailableSeq() == null ? after : page.firstAvailableSeq() - 1;
        long nextAfter = entries.isEmpty() ? from : entries.get(entries.size() - 1).seq();
        return new LogResponse(conversationId, entries, nextAfter, page.more(), page.conversation().epoch(),
                page.firstAvailableSeq(), gateway.gatewayId(), gateway.gatewayId(), gateway.gatewayId());
    }

    /** Acknowledges the calling device's receipt up to {@code seq}: its cursor becomes {@code max(cursor, seq)}. */
    @DeviceBound
    @POST
    @Path("{conversation_id}/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    public CursorResponse ack(@HeaderParam(DEVICE_HEADER) String deviceId,
            @PathParam("conversation_id") String conversationId,
            @NotNull(message = "a JSON body is required") @Valid AckRequest body) {
        return new CursorResponse(conversationId, mailbox.ack(me(), deviceId, conversationId, body.seq()));
    }

    @DeviceBound
    @GET
    @Path("{conversation_id}/group-info")
    public GroupInfoResponse groupInfo(@HeaderParam(DEVICE_HEADER) String deviceId,
            @PathParam("conversation_id") String conversationId,
            @QueryParam("epoch") @Min(value = 0, message = "epoch must not be negative") Long epoch) {
        StoredGroupInfo groupInfo = log.groupInfo(me(), deviceId, conversationId, epoch);
        return new GroupInfoResponse(conversationId, groupInfo.epoch(), Base64Url.encode(Bytes.of(groupInfo.message())));
    }

    private ConversationResponse response(ConversationManager.View view) {
        Conversation c = view.conversation();
        return new ConversationResponse(c.id(), c.kind().name().toLowerCase(Locale.ROOT), c.name(),
                Base64Url.encode(Bytes.fromHex(c.groupId())), c.epoch(), c.lastSeq(), c.createdBy(), c.createdAt(),
                view.role() == null ? null : view.role().name().toLowerCase(Locale.ROOT), users(view.participants()),
                gateway.gatewayId(), gateway.gatewayId(), gateway.gatewayId());
    }

    private AppendedResponse appended(String conversationId, ConversationLog.Appended appended) {
        return new AppendedResponse(conversationId, appended.seq(), appended.epoch(), appended.duplicate(),
                gateway.gatewayId(), gateway.gatewayId(), gateway.gatewayId());
    }

    private static List<UserResponse> users(List<Participant> participants) {
        return participants.stream().map(ConversationsController::user).toList();
    }

    private static UserResponse user(Participant p) {
        return new UserResponse(p.userId(), p.role().name().toLowerCase(Locale.ROOT));
    }

    private static DeviceResponse device(MemberDevice m) {
        return new DeviceResponse(m.userId(), m.deviceId(), m.leafIndex(), m.joinedSeq());
    }

    private static EntryResponse entry(SequencedEntry e) {
        return new EntryResponse(e.seq(), e.kind().name().toLowerCase(Locale.ROOT), e.msgId(), e.epoch(),
                e.senderUserId(), e.senderDeviceId(), Base64Url.encode(Bytes.of(e.message())));
    }

    private static byte[] decode(String field, String base64url, ParleyError error) {
        try {
            return Base64Url.decode(base64url).toByteArray();
        } catch (IllegalArgumentException e) {
            throw new ParleyException(error, field + ": not base64url.");
        }
    }

    private String me() {
        return security.getUserPrincipal().getName();
    }
}
