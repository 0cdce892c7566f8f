package dev.parley.gateway.interfaces.websocket;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.gateway.application.ConversationLog;
import dev.parley.gateway.application.MailboxManager;
import dev.parley.gateway.application.PresenceManager;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.presence.PresenceStatus;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.interfaces.auth.AccessTokenVerifier;
import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import dev.parley.gateway.interfaces.auth.DeviceProofVerifier;
import dev.parley.gateway.interfaces.auth.TokenRejectedException;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.ws.CloseCode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fuzzes the WebSocket door: one text frame, as the container hands it over (UTF-8 decoded), through the real
 * {@link FrameHandler}, {@link MessageFrames}, {@link PresenceFrames}, {@link ProtocolErrorPenalty} and
 * {@link ConnectionRegistry} — once on a connection that has not proven its device yet, once on a proven one.
 * The services behind them (presence, the log, the mailbox, token and device-proof checks) are fakes that accept
 * well-formed requests; what they check is fuzzed elsewhere ({@code MlsMessageFuzzTest}) or tested with keys.
 *
 * <p>Property: {@code handle} returns; every frame sent back is a documented answer or an {@code error} frame with a
 * documented code other than {@code internal_error}; a close uses a documented close code.
 *
 * <p>Inputs: {@code FrameHandlerFuzzTestInputs/handle/}, one frame per file: a valid frame of every type, plus every
 * crash found by fuzzing.
 */
class FrameHandlerFuzzTest {

    private static final Set<String> ANSWERS = Set.of("pong", "connected", "token_accepted", "error", "presence_set",
            "watching", "unwatched", "sent", "committed", "acked");
    private static final String USER = "4f1c2a9e-user-alice";

    @FuzzTest(maxDuration = "10m")
    void handle(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        check(text, false);
        check(text, true);
    }

    private static void check(String text, boolean proven) {
        Door door = new Door();
        RecordingSession session = new RecordingSession();
        Connection connection = new Connection(session.session(), new AuthenticatedUser(USER, "alice",
                Instant.now().plus(Duration.ofHours(1))), new byte[32], Instant.now(), 1024, 16L << 20, Duration.ofSeconds(30));
        door.registry.opened(connection);
        if (proven) {
            connection.bind("laptop");
            door.registry.proven(connection);
        }

        door.handler.handle(connection, text);

        for (String frame : session.sent) {
            JsonObject answer;
            try (JsonReader reader = Json.createReader(new StringReader(frame))) {
                answer = reader.readObject();
            }
            String type = answer.getString("type", null);
            if (!ANSWERS.contains(type)) {
                throw new AssertionError("undocumented answer " + frame);
            }
            if (type.equals("error")) {
                ParleyError error = ParleyError.fromCode(answer.getString("error", null));
                if (error == null || error == ParleyError.INTERNAL_ERROR) {
                    throw new AssertionError("error frame without a documented code: " + frame);
                }
            }
        }
        if (session.closed != null && CloseCode.of(session.closed.getCloseCode().getCode()) == null) {
            throw new AssertionError("undocumented close code " + session.closed);
        }
    }

    /** The frame handler with its real collaborators in this module and fakes for the services. */
    private static final class Door {

        final FrameHandler handler = new FrameHandler();
        final ConnectionRegistry registry = new ConnectionRegistry();

        Door() {
            TransportConfig transport = new TransportConfig();
            transport.heartbeatSeconds = 20;
            transport.proofTimeoutSeconds = 10;
            transport.outboundQueueFrames = 1024;
            transport.outboundQueueBytes = 16L << 20;
            transport.maxInFlight = 256;
            transport.protocolErrorsPerMinute = 10;
            transport.protocolErrorPenaltySeconds = 60;
            transport.writeDeadlineSeconds = 30;

            registry.config = new GatewayConfig() {
                @Override
                public int maxConnectionsPerUser() {
                    return 5;
                }
            };
            registry.connectedEvents = new IgnoredEvent<>();
            registry.disconnectedEvents = new IgnoredEvent<>();

            ProtocolErrorPenalty penalty = new ProtocolErrorPenalty();
            penalty.config = transport;
            penalty.createLimiter();

            FakePresence presence = new FakePresence();
            PresenceFrames presenceFrames = new PresenceFrames();
            presenceFrames.presence = presence;

            FakeDelivery delivery = new FakeDelivery();
            MessageFrames messageFrames = new MessageFrames();
            messageFrames.log = new FakeLog();
            messageFrames.mailbox = new FakeMailbox();
            messageFrames.delivery = delivery;
            messageFrames.config = transport;

            handler.registry = registry;
            handler.proofs = new FakeProofs();
            handler.tokens = new FakeTokens();
            handler.presenceFrames = presenceFrames;
            handler.presence = presence;
            handler.penalty = penalty;
            handler.messageFrames = messageFrames;
            handler.delivery = delivery;
        }
    }

    /** Devices {@code laptop} and {@code phone} prove themselves, {@code revoked} is revoked, others are unknown. */
    private static final class FakeProofs extends DeviceProofVerifier {
        @Override
        public Optional<ParleyError> refusal(String userId, String deviceId, Bytes nonce, Bytes signature) {
            return switch (deviceId) {
                case "laptop", "phone" -> Optional.empty();
                case "revoked" -> Optional.of(ParleyError.DEVICE_REVOKED);
                default -> Optional.of(ParleyError.DEVICE_PROOF_INVALID);
            };
        }
    }

    /** {@code fresh-token} renews the connection's user, {@code other-user-token} is another user's, others are refused. */
    private static final class FakeTokens extends AccessTokenVerifier {
        @Override
        public AuthenticatedUser verify(String token) {
            return switch (token) {
                case "fresh-token" -> new AuthenticatedUser(USER, "alice", Instant.now().plus(Duration.ofHours(2)));
                case "other-user-token" -> new AuthenticatedUser("someone-else", "bob", Instant.now().plus(Duration.ofHours(2)));
                default -> throw new TokenRejectedException(ParleyError.TOKEN_MALFORMED);
            };
        }
    }

    private static final class FakePresence extends PresenceManager {
        @Override
        public void renew(DeviceAddress device) {
        }

        @Override
        public OwnPresence set(DeviceAddress device, String status, Boolean invisible) {
            PresenceStatus wanted = status == null ? PresenceStatus.ONLINE : PresenceStatus.settable(status);
            if (wanted == null) {
                throw new ParleyException(ParleyError.PRESENCE_STATUS_INVALID);
            }
            return new OwnPresence(wanted, Boolean.TRUE.equals(invisible), Map.of(device.deviceId(), wanted.wire()));
        }

        @Override
        public WatchResult watch(DeviceAddress device, Collection<String> userIds) {
            return new WatchResult(Set.copyOf(userIds).size(), List.of());
        }

        @Override
        public int unwatch(DeviceAddress device, Collection<String> userIds) {
            return 0;
        }
    }

    private static final class FakeLog extends ConversationLog {
        @Override
        public CompletionStage<Appended> submit(String userId, String deviceId, String conversationId, String msgId,
                byte[] message) {
            return CompletableFuture.completedFuture(new Appended(1, 0, false));
        }

        @Override
        public CompletionStage<Appended> submitCommit(String userId, String deviceId, String conversationId,
                CommitBundle bundle) {
            return CompletableFuture.completedFuture(new Appended(2, 1, false));
        }
    }

    private static final class FakeMailbox extends MailboxManager {
        @Override
        public long ack(String userId, String deviceId, String conversationId, long seq) {
            return seq;
        }
    }

    private static final class FakeDelivery extends MessageDelivery {
        @Override
        public void attach(DeliveryTarget target) {
        }

        @Override
        Optional<DeviceDelivery> of(DeviceAddress device) {
            return Optional.empty();
        }
    }

    /** The container's session: records what is sent and how it was closed; every write completes at once. */
    private static final class RecordingSession implements InvocationHandler {

        final List<String> sent = new ArrayList<>();
        CloseReason closed;

        private final RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "sendText" -> {
                            sent.add((String) args[0]);
                            ((SendHandler) args[1]).onResult(new SendResult());
                            return null;
                        }
                        case "setSendTimeout", "sendPing" -> {
                            return null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                });

        Session session() {
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            return switch (method.getName()) {
                case "getId" -> "fuzz";
                case "isOpen" -> closed == null;
                case "getAsyncRemote" -> async;
                case "close" -> {
                    closed = args == null || args.length == 0
                            ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "") : (CloseReason) args[0];
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "session fuzz";
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
    }
}
