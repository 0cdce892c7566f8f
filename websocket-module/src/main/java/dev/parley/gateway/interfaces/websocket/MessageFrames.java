package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.application.ConversationLog;
import dev.parley.gateway.application.MailboxManager;
import dev.parley.gateway.interfaces.http.Causes;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The mailbox frames of a proven connection: {@code send} (an application message), {@code commit} (a commit bundle)
 * and {@code ack}. Answers come after the transaction committed, so an answered message is durable; {@code send} and
 * {@code commit} are answered asynchronously (pipelined), in any order across conversations. Refusals by the
 * Delivery Service (not a member, stale epoch, rate limited, too large, ...) are error frames with the service's code;
 * they are not protocol errors and cost the connection nothing.
 */
@ApplicationScoped
public class MessageFrames {

    private static final Logger LOG = Logger.getLogger(MessageFrames.class);
    private static final Pattern MSG_ID = Pattern.compile(ConversationLog.MSG_ID_PATTERN);

    @Inject
    ConversationLog log;

    @Inject
    MailboxManager mailbox;

    @Inject
    MessageDelivery delivery;

    @Inject
    TransportConfig config;

    /**
     * Handles one mailbox frame. Malformed frames throw (they are protocol errors); refusals of well-formed ones are
     * answered here. {@code send} and {@code commit} are pipelined: they are handed to the log writer and answered when
     * durable, while the connection reads its next frames; at most {@link TransportConfig#maxInFlight()} wait per
     * connection, the next one is refused with {@code too_many_in_flight}.
     */
    void handle(Connection connection, String type, String id, JsonObject frame) {
        String conversationId = required(frame, "conversation_id");
        switch (type) {
            case "send" -> pipelined(connection, type, id, send(connection, id, conversationId, frame));
            case "commit" -> pipelined(connection, type, id, commit(connection, id, conversationId, frame));
            default -> {
                Runnable ack = ack(connection, id, conversationId, frame);
                try {
                    ack.run();
                } catch (RuntimeException e) {
                    refused(connection, type, id, e);
                }
            }
        }
    }

    private void pipelined(Connection connection, String type, String id,
            Supplier<CompletionStage<DeliveryFrames.Appended>> request) {
        if (!connection.beginRequest(config.maxInFlight())) {
            connection.send(Frames.Error.of(id, new ParleyException(ParleyError.TOO_MANY_IN_FLIGHT).toResponse()));
            return;
        }
        CompletionStage<DeliveryFrames.Appended> answer;
        try {
            answer = request.get();
        } catch (RuntimeException e) {
            connection.endRequest();
            refused(connection, type, id, e);
            return;
        }
        answer.whenComplete((appended, failure) -> {
            connection.endRequest();
            if (failure == null) {
                connection.send(appended);
            } else {
                refused(connection, type, id, failure);
            }
        });
    }

    private static void refused(Connection connection, String type, String id, Throwable e) {
        ParleyException refusal = Causes.find(e, ParleyException.class);
        if (refusal == null) {
            LOG.warnf(e, "Frame %s of connection %s failed", type, connection.id());
            refusal = new ParleyException(ParleyError.INTERNAL_ERROR);
        }
        connection.send(Frames.Error.of(id, refusal.toResponse()));
    }

    private Supplier<CompletionStage<DeliveryFrames.Appended>> send(Connection connection, String id,
            String conversationId, JsonObject frame) {
        String msgId = msgId(frame, "msg_id");
        byte[] message = bytes(frame, "message", true);
        return () -> log.submit(connection.user().userId(), connection.deviceId(), conversationId, msgId, message)
                .thenApply(appended -> new DeliveryFrames.Appended("sent", id, conversationId, appended.seq(),
                        appended.epoch(), appended.duplicate()));
    }

    private Supplier<CompletionStage<DeliveryFrames.Appended>> commit(Connection connection, String id,
            String conversationId, JsonObject frame) {
        List<byte[]> adds = new ArrayList<>();
        for (JsonValue ref : array(frame, "adds")) {
            adds.add(decode("adds", ref instanceof JsonString s ? s.getString() : null));
        }
        List<ConversationLog.DeviceKey> removes = new ArrayList<>();
        for (JsonValue removed : array(frame, "removes")) {
            if (!(removed instanceof JsonObject device)) {
                throw new ParleyException(ParleyError.MALFORMED_FRAME, "removes: a list of {\"user_id\", \"device_id\"}.");
            }
            removes.add(new ConversationLog.DeviceKey(required(device, "user_id"), required(device, "device_id")));
        }
        ConversationLog.CommitBundle bundle = new ConversationLog.CommitBundle(msgId(frame, "msg_id"),
                bytes(frame, "commit", true), bytes(frame, "welcome", false), bytes(frame, "group_info", true), adds, removes);
        return () -> log.submitCommit(connection.user().userId(), connection.deviceId(), conversationId, bundle)
                .thenApply(appended -> new DeliveryFrames.Appended("committed", id, conversationId, appended.seq(),
                        appended.epoch(), appended.duplicate()));
    }

    private Runnable ack(Connection connection, String id, String conversationId, JsonObject frame) {
        long seq = seq(frame);
        return () -> {
            // Never beyond what this connection delivered (the service also caps at what exists).
            long delivered = delivery.of(connection.device()).filter(d -> d.target() == connection)
                    .flatMap(d -> d.delivered(conversationId)).orElse(seq);
            long cursor = mailbox.ack(connection.user().userId(), connection.deviceId(), conversationId, Math.min(seq, delivered));
            connection.send(new DeliveryFrames.Acked("acked", id, conversationId, cursor));
        };
    }

    /** {@code seq}: a non-negative integer of int64; a larger one is refused, never wrapped around. */
    private static long seq(JsonObject frame) {
        try {
            if (frame.get("seq") instanceof JsonNumber number && number.isIntegral() && number.longValueExact() >= 0) {
                return number.longValueExact();
            }
        } catch (ArithmeticException beyondInt64) {
            // refused below
        }
        throw new ParleyException(ParleyError.MALFORMED_FRAME, "ack needs \"seq\", a non-negative integer of at most 2^63-1.");
    }

    private static String required(JsonObject frame, String name) {
        if (frame.get(name) instanceof JsonString value && !value.getString().isEmpty()) {
            return value.getString();
        }
        throw new ParleyException(ParleyError.MALFORMED_FRAME, "The frame needs \"" + name + "\".");
    }

    private static String msgId(JsonObject frame, String name) {
        String msgId = required(frame, name);
        if (!MSG_ID.matcher(msgId).matches()) {
            throw new ParleyException(ParleyError.MALFORMED_FRAME, name + ": must be 1 to 64 letters, digits or . _ : -");
        }
        return msgId;
    }

    private static byte[] bytes(JsonObject frame, String name, boolean required) {
        JsonValue value = frame.get(name);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new ParleyException(ParleyError.MALFORMED_FRAME, "The frame needs \"" + name + "\".");
            }
            return null;
        }
        return decode(name, value instanceof JsonString s ? s.getString() : null);
    }

    private static byte[] decode(String name, String base64url) {
        try {
            if (base64url == null) {
                throw new IllegalArgumentException();
            }
            return Base64Url.decode(base64url).toByteArray();
        } catch (IllegalArgumentException e) {
            throw new ParleyException(ParleyError.MALFORMED_MLS, name + ": not base64url.");
        }
    }

    private static List<JsonValue> array(JsonObject frame, String name) {
        JsonValue value = frame.get(name);
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (value instanceof JsonArray array) {
            return array;
        }
        throw new ParleyException(ParleyError.MALFORMED_FRAME, name + ": must be a list.");
    }
}
