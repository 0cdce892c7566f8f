package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.application.GatewayInfo;
import dev.parley.gateway.application.PresenceManager;
import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.ws.CloseCode;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code /parley/ws}: the realtime door. The upgrade request passed {@code BearerTokenFilter}, so the
 * session's principal is the token's user; the connection then says hello with a fresh nonce and waits for
 * the device's {@code connect} proof (see docs/protocol.md#websocket).
 */
@ServerEndpoint("/ws")
public class GatewaySocket {

    private static final Logger LOG = Logger.getLogger(GatewaySocket.class);
    private static final String CONNECTION = "parley.connection";
    private static final int NONCE_BYTES = 32;
    /** The largest binary message the container reads before it closes with 1009 (binary is refused with 1003 anyway). */
    private static final int MAX_BINARY_MESSAGE_BYTES = 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock = Clock.systemUTC();

    @Inject
    ConnectionRegistry registry;

    @Inject
    FrameHandler frames;

    @Inject
    TransportConfig config;

    @Inject
    GatewayInfo gateway;

    @Inject
    PresenceManager presence;

    @Inject
    MessageDelivery delivery;

    @OnOpen
    public void open(Session session) {
        if (!(session.getUserPrincipal() instanceof AuthenticatedUser user)) {
            // Cannot happen behind BearerTokenFilter; refuse rather than serve an anonymous connection.
            LOG.warnf("WebSocket %s opened without an authenticated user (principal %s)", session.getId(), session.getUserPrincipal());
            close(session, CloseCode.PROTOCOL_ERROR, "no authenticated user");
            return;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Connection connection = new Connection(session, user, nonce, clock.instant(), config.outboundQueueFrames(),
                config.outboundQueueBytes(), config.writeDeadline());
        session.getUserProperties().put(CONNECTION, connection);
        session.setMaxTextMessageBufferSize(config.maxTextMessageBytes());
        registry.opened(connection);
        connection.send(new Frames.Hello(gateway.gatewayId(), List.of(ProtocolVersion.CURRENT),
                Base64Url.encode(Bytes.of(nonce)), config.heartbeat().toSeconds(), config.proofTimeout().toSeconds()));
    }

    /**
     * A text message of at most {@link TransportConfig#maxTextMessageBytes()} UTF-8 bytes goes to the frame handler; a
     * larger one closes the connection with 1009 (message too big, RFC 6455 §7.4.1) and is not handled. The container
     * applies the same limit while it reads (and closes with 1009 itself), but Undertow 2.3 does not count the bytes it
     * reads after its first wait for the network (UNDERTOW-2770) and so may deliver a larger message whole: it is
     * measured again here.
     */
    @OnMessage
    public void text(Session session, String text) {
        Connection connection = connection(session);
        if (connection == null) {
            return;
        }
        int limit = session.getMaxTextMessageBufferSize(); // set from TransportConfig at open
        if (Utf8.exceeds(text, limit)) {
            connection.close(CloseCode.MESSAGE_TOO_BIG, "a message may be at most " + limit + " bytes");
            return;
        }
        frames.handle(connection, text);
    }

    /**
     * The protocol has no binary frames; without this handler the container would drop them without a word. The
     * connection is closed with 1003 (unsupported data, RFC 6455 §7.4.1). The container closes a binary message larger
     * than {@code maxMessageSize} with 1009 before it gets here; the limit is set on the annotation because the
     * container applies it before the first frame, which {@code @OnOpen} (run later, on a worker) cannot promise.
     */
    @OnMessage(maxMessageSize = MAX_BINARY_MESSAGE_BYTES)
    public void binary(Session session, ByteBuffer data) {
        Connection connection = connection(session);
        if (connection != null) {
            connection.close(CloseCode.UNSUPPORTED_DATA, "binary frames are not part of the protocol");
        }
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        Connection connection = connection(session);
        if (connection != null) {
            connection.heard(clock.instant());
            connection.pong(pong.getApplicationData());
            if (connection.proven()) {
                presence.renew(connection.device());
            }
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        Connection connection = connection(session);
        if (connection != null) {
            registry.closed(connection);
            if (connection.proven()) {
                delivery.detach(connection);
            }
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        if (error instanceof java.io.IOException) {
            LOG.debugf("Connection %s failed: %s", session.getId(), error.toString());
        } else {
            LOG.warnf(error, "Connection %s failed unexpectedly", session.getId());
        }
    }

    private static Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }

    private static void close(Session session, CloseCode code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
        } catch (java.io.IOException e) {
            LOG.debugf("Close failed: %s", e.getMessage());
        }
    }
}
