package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.application.PresenceManager;
import dev.parley.gateway.domain.model.presence.PresenceEntry;
import dev.parley.gateway.domain.model.presence.PresenceStatus;
import dev.parley.gateway.interfaces.rest.UserIds;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The presence frames of a proven connection: {@code set_presence}, {@code watch} and {@code unwatch} (see
 * docs/protocol.md#presence). Changes of watched users arrive as pushed {@code presence} frames.
 */
@ApplicationScoped
public class PresenceFrames {

    static final List<String> TYPES = List.of("set_presence", "watch", "unwatch");

    private static final Pattern USER_ID = Pattern.compile(UserIds.PATTERN);

    /** The answer to {@code set_presence}: the device's status, the user's best one, and the invisible flag. */
    public record PresenceSet(String type, String id, String status, String userStatus, boolean invisible,
            Map<String, String> devices) {
    }

    /** The answer to {@code watch}: how many users the device watches now, and a snapshot of those just named. */
    public record Watching(String type, String id, int watching, List<PresenceEntry> presence) {
    }

    /** The answer to {@code unwatch}. */
    public record Unwatched(String type, String id, int watching) {
    }

    @Inject
    PresenceManager presence;

    void handle(Connection connection, String type, String id, JsonObject frame) {
        switch (type) {
            case "set_presence" -> set(connection, id, frame);
            case "watch" -> {
                PresenceManager.WatchResult result = presence.watch(connection.device(), userIds(frame));
                connection.send(new Watching("watching", id, result.watching(), result.snapshot()));
            }
            case "unwatch" -> connection.send(new Unwatched("unwatched", id, presence.unwatch(connection.device(), userIds(frame))));
            default -> throw new IllegalArgumentException(type);
        }
    }

    private void set(Connection connection, String id, JsonObject frame) {
        JsonValue status = frame.get("status");
        JsonValue invisible = frame.get("invisible");
        if (status != null && !(status instanceof JsonString)
                || invisible != null && invisible != JsonValue.TRUE && invisible != JsonValue.FALSE) {
            throw new ParleyException(ParleyError.PRESENCE_STATUS_INVALID);
        }
        if (status == null && invisible == null) {
            throw new ParleyException(ParleyError.MALFORMED_FRAME, "set_presence needs \"status\" or \"invisible\".");
        }
        PresenceManager.OwnPresence own = presence.set(connection.device(),
                status == null ? null : ((JsonString) status).getString(),
                invisible == null ? null : invisible == JsonValue.TRUE);
        connection.send(ownFrame(id, own, connection.deviceId()));
    }

    private static PresenceSet ownFrame(String id, PresenceManager.OwnPresence own, String deviceId) {
        return new PresenceSet("presence_set", id, own.devices().getOrDefault(deviceId, PresenceStatus.OFFLINE.wire()),
                own.status().wire(), own.invisible(), own.devices());
    }

    private static List<String> userIds(JsonObject frame) {
        if (!(frame.get("user_ids") instanceof JsonArray array) || array.isEmpty()) {
            throw new ParleyException(ParleyError.MALFORMED_FRAME, "This frame needs \"user_ids\": a non-empty array of user ids.");
        }
        List<String> ids = new ArrayList<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonString string) || !USER_ID.matcher(string.getString()).matches()) {
                throw new ParleyException(ParleyError.MALFORMED_FRAME, "each of user_ids " + UserIds.MESSAGE + ".");
            }
            ids.add(string.getString());
        }
        return ids;
    }
}
