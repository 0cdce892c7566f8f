package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.parley.client.gateway.GatewayClient.segment;

/**
 * The MLS Delivery Service ({@code /api/v1/conversations}, {@code /api/v1/key-packages/claim}) acting as one device.
 * MLS messages travel as unpadded base64url of the whole MLSMessage. Refusals are {@link GatewayException}s with the
 * gateway's error code ({@code stale_epoch}, {@code not_member}, ...).
 */
public final class ConversationsApi {

    /** A conversation as the gateway describes it. */
    public record Conversation(@JsonProperty("conversation_id") String conversationId, String type, String name,
                               @JsonProperty("group_id") String groupId, long epoch, @JsonProperty("last_seq") long lastSeq,
                               String role, List<Participant> users) {
    }

    public record Participant(@JsonProperty("user_id") String userId, String role) {
    }

    public record ConversationList(List<Conversation> conversations) {
    }

    /** A member device of the group. */
    public record MemberDevice(@JsonProperty("user_id") String userId, @JsonProperty("device_id") String deviceId,
                               @JsonProperty("leaf_index") long leafIndex, @JsonProperty("joined_seq") long joinedSeq) {
    }

    public record Members(@JsonProperty("conversation_id") String conversationId, long epoch, List<Participant> users,
                          List<MemberDevice> devices) {
    }

    /** One entry of the log; {@code kind} is {@code application}, {@code commit} or {@code welcome}. */
    public record LogEntry(long seq, String kind, @JsonProperty("msg_id") String msgId, long epoch,
                           @JsonProperty("sender_user_id") String senderUserId,
                           @JsonProperty("sender_device_id") String senderDeviceId, String message) {
    }

    /** A page of the log; {@code firstAvailableSeq} is set when retention deleted entries after the position asked for. */
    public record LogPage(List<LogEntry> entries, @JsonProperty("next_after") long nextAfter, boolean more, long epoch,
                          @JsonProperty("first_available_seq") Long firstAvailableSeq) {
    }

    /** The answer to a send or a commit: where it is in the log. */
    public record Accepted(long seq, long epoch, boolean duplicate) {
    }

    public record Acked(long seq) {
    }

    public record GroupInfo(long epoch, @JsonProperty("group_info") String groupInfo) {
    }

    public record ClaimedKeyPackage(@JsonProperty("device_id") String deviceId, @JsonProperty("key_package") String keyPackage,
                                    String ref, @JsonProperty("last_resort") boolean lastResort) {
    }

    public record Claimed(@JsonProperty("user_id") String userId, @JsonProperty("key_packages") List<ClaimedKeyPackage> keyPackages) {
    }

    /** A device a commit removes. */
    public record RemovedDevice(@JsonProperty("user_id") String userId, @JsonProperty("device_id") String deviceId) {
    }

    private final GatewayClient gateway;
    private final String deviceId;

    ConversationsApi(GatewayClient gateway, String deviceId) {
        this.gateway = gateway;
        this.deviceId = deviceId;
    }

    /** Creates a room whose MLS group this device made (epoch 0). */
    public Conversation createRoom(String name, String groupId, String groupInfo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "room");
        body.put("name", name);
        body.put("group_id", groupId);
        body.put("group_info", groupInfo);
        return call("POST", "", body, Conversation.class);
    }

    /** The direct conversation with {@code peerUserId}: created with this group, or the existing one (its own group). */
    public Conversation openDirect(String peerUserId, String groupId, String groupInfo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "dm");
        body.put("peer_user_id", peerUserId);
        body.put("group_id", groupId);
        body.put("group_info", groupInfo);
        return call("POST", "", body, Conversation.class);
    }

    public List<Conversation> list() {
        return call("GET", "", null, ConversationList.class).conversations();
    }

    public Conversation get(String conversationId) {
        return call("GET", segment(conversationId), null, Conversation.class);
    }

    public Members members(String conversationId) {
        return call("GET", segment(conversationId) + "/members", null, Members.class);
    }

    public LogPage log(String conversationId, long after, int limit) {
        return call("GET", segment(conversationId) + "/log?after=" + after + "&limit=" + limit, null, LogPage.class);
    }

    public Accepted send(String conversationId, String msgId, String message) {
        return call("POST", segment(conversationId) + "/messages", Map.of("msg_id", msgId, "message", message), Accepted.class);
    }

    public Accepted commit(String conversationId, String msgId, String commit, String welcome, String groupInfo,
            List<String> adds, List<RemovedDevice> removes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg_id", msgId);
        body.put("commit", commit);
        if (welcome != null) {
            body.put("welcome", welcome);
        }
        body.put("group_info", groupInfo);
        body.put("adds", adds == null ? new ArrayList<>() : adds);
        body.put("removes", removes == null ? new ArrayList<>() : removes);
        return call("POST", segment(conversationId) + "/commits", body, Accepted.class);
    }

    public Acked ack(String conversationId, long seq) {
        return call("POST", segment(conversationId) + "/ack", Map.of("seq", seq), Acked.class);
    }

    /** The current epoch's GroupInfo (ratchet tree inline, as committers upload it). */
    public GroupInfo groupInfo(String conversationId) {
        return call("GET", segment(conversationId) + "/group-info", null, GroupInfo.class);
    }

    /** One KeyPackage per unrevoked device of {@code userId} (only {@code deviceIds} if not empty). */
    public Claimed claimKeyPackages(String userId, List<String> deviceIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        if (deviceIds != null && !deviceIds.isEmpty()) {
            body.put("device_ids", deviceIds);
        }
        return gateway.callAs("POST", "api/v1/key-packages/claim", body, deviceId, Claimed.class);
    }

    private <T> T call(String method, String path, Object body, Class<T> type) {
        return gateway.callAs(method, "api/v1/conversations" + (path.isEmpty() ? "" : "/" + path), body, deviceId, type);
    }
}
