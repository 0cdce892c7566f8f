package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.application.GatewayInfo;
import dev.parley.gateway.application.PresenceManager;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.interfaces.auth.AccessTokenVerifier;
import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import dev.parley.gateway.interfaces.auth.DeviceProofVerifier;
import dev.parley.gateway.interfaces.http.StrictJson;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.RateLimitedException;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.ws.ClientFrameType;
import dev.parley.protocol.ws.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads the client's frames and answers them. Before anything else a connection must prove its device
 * ({@code connect}); every request frame carries an {@code id} that its answer repeats. A refused frame gets
 * an {@code error} frame; a connection that keeps sending bad frames is closed.
 */
@ApplicationScoped
public class FrameHandler {

    private static final Logger LOG = Logger.getLogger(FrameHandler.class);

    /** Looked up once: {@code Json.createReader} would look the provider up for every frame. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private final Clock clock = Clock.systemUTC();

    @Inject
    ConnectionRegistry registry;

    @Inject
    DeviceProofVerifier proofs;

    @Inject
    AccessTokenVerifier tokens;

    @Inject
    GatewayInfo gateway;

    @Inject
    PresenceFrames presenceFrames;

    @Inject
    PresenceManager presence;

    @Inject
    ProtocolErrorPenalty penalty;

    @Inject
    MessageFrames messageFrames;

    @Inject
    MessageDelivery delivery;

    void handle(Connection connection, String text) {
        connection.heard(clock.instant());
        if (connection.proven()) {
            presence.renew(connection.device());
        }
        Optional<String> problem = StrictJson.problem(text);
        if (problem.isPresent()) {
            refuse(connection, null, new ParleyException(ParleyError.MALFORMED_FRAME, problem.get()));
            return;
        }
        JsonObject frame;
        try {
            try (JsonReader reader = READERS.createReader(new StringReader(text))) {
                frame = reader.readObject();
            }
        } catch (JsonException | IllegalStateException e) {
            refuse(connection, null, new ParleyException(ParleyError.MALFORMED_FRAME));
            return;
        }
        String id = string(frame, "id").orElse(null);
        try {
            String type = string(frame, "type").orElseThrow(() -> new ParleyException(ParleyError.MALFORMED_FRAME,
                    "Every frame needs a \"type\"."));
            ClientFrameType frameType = ClientFrameType.of(type).orElse(null);
            if (!connection.proven() && frameType != ClientFrameType.CONNECT) {
                throw new ParleyException(ParleyError.NOT_CONNECTED);
            }
            if (frameType == null) {
                throw new ParleyException(ParleyError.UNKNOWN_FRAME_TYPE,
                        "Unknown frame type \"" + type + "\". See docs/protocol.md#websocket.");
            }
            switch (frameType) {
                case CONNECT -> connect(connection, id, frame);
                case PING -> connection.send(new Frames.Ack("pong", id));
                case TOKEN -> renewToken(connection, id, frame);
                case SET_PRESENCE, WATCH, UNWATCH -> presenceFrames.handle(connection, type, id, frame);
                case SEND, COMMIT, ACK -> messageFrames.handle(connection, type, id, frame);
            }
        } catch (ParleyException e) {
            refuse(connection, id, e);
        }
    }

    private void connect(Connection connection, String id, JsonObject frame) {
        if (connection.proven()) {
            throw new ParleyException(ParleyError.ALREADY_CONNECTED);
        }
        int version = protocolVersion(frame);
        if (version != ProtocolVersion.CURRENT) {
            connection.send(new Frames.Error(id, ParleyError.UNSUPPORTED_PROTOCOL_VERSION,
                    "This gateway speaks protocol version " + ProtocolVersion.CURRENT + "."));
            connection.close(CloseCode.UNSUPPORTED_VERSION, "unsupported protocol version");
            return;
        }
        String deviceId = string(frame, "device_id").orElseThrow(() -> new ParleyException(ParleyError.MALFORMED_FRAME,
                "connect needs \"device_id\"."));
        Bytes signature = string(frame, "signature").flatMap(FrameHandler::base64Url).orElseThrow(
                () -> new ParleyException(ParleyError.MALFORMED_FRAME, "connect needs a base64url \"signature\"."));
        String userId = connection.user().userId();
        ParleyError refusal = proofs.refusal(userId, deviceId, Bytes.of(connection.nonce()), signature).orElse(null);
        if (refusal != null) {
            LOG.debugf("Connection %s: device proof refused for %s/%s: %s", connection.id(), userId, deviceId, refusal.code());
            connection.send(new Frames.Error(id, refusal, refusal.hint()));
            connection.close(refusal == ParleyError.DEVICE_REVOKED ? CloseCode.DEVICE_REVOKED : CloseCode.DEVICE_PROOF_INVALID,
                    refusal.code());
            return;
        }
        Optional<Duration> penalized = penalty.remaining(new DeviceAddress(userId, deviceId));
        if (penalized.isPresent()) {
            connection.send(Frames.Error.of(id, new RateLimitedException("protocol errors from this device", penalized.get()).toResponse()));
            connection.close(CloseCode.PENALIZED, "penalised for repeated protocol errors");
            return;
        }
        try {
            registry.requireRoomFor(new DeviceAddress(userId, deviceId));
            connection.bind(deviceId);
            registry.proven(connection);
        } catch (ParleyException tooMany) {
            connection.send(Frames.Error.of(id, tooMany.toResponse()));
            connection.close(CloseCode.TOO_MANY_CONNECTIONS, "too many connections of this user");
            return;
        }
        if (frame.get("capabilities") instanceof JsonArray capabilities
                && capabilities.contains(Json.createValue(Capabilities.BATCH))) {
            connection.acceptBatches();
        }
        connection.send(new Frames.Connected(id, connection.id(), userId, deviceId, ProtocolVersion.CURRENT,
                connection.acceptsBatches() ? List.of(Capabilities.BATCH) : List.of()));
        delivery.attach(connection);
    }

    /** The asked version; -1 when it is not an integer of int32 (2^32 + 1 is not version 1). */
    private static int protocolVersion(JsonObject frame) {
        try {
            return frame.get("protocol_version") instanceof JsonNumber number && number.isIntegral() ? number.intValueExact() : -1;
        } catch (ArithmeticException beyondInt32) {
            return -1;
        }
    }

    private void renewToken(Connection connection, String id, JsonObject frame) {
        String token = string(frame, "access_token").orElseThrow(() -> new ParleyException(ParleyError.MALFORMED_FRAME,
                "token needs \"access_token\"."));
        AuthenticatedUser renewed = tokens.verify(token);
        if (!renewed.userId().equals(connection.user().userId())) {
            throw new ParleyException(ParleyError.TOKEN_USER_MISMATCH);
        }
        connection.renew(renewed);
        connection.send(new Frames.Ack("token_accepted", id));
    }

    private void refuse(Connection connection, String id, ParleyException error) {
        connection.send(Frames.Error.of(id, error.toResponse()));
        penalty.refused(connection);
    }

    private static Optional<String> string(JsonObject frame, String name) {
        JsonValue value = frame.get(name);
        return value instanceof JsonString string ? Optional.of(string.getString()) : Optional.empty();
    }

    private static Optional<Bytes> base64Url(String text) {
        try {
            return Optional.of(Base64Url.decode(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
