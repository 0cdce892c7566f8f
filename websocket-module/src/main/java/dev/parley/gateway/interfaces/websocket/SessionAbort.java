package dev.parley.gateway.interfaces.websocket;

import jakarta.websocket.Session;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Drops a WebSocket session's network connection without the close handshake. Jakarta WebSocket has no such call: a
 * {@link Session#close} sends a close frame and waits for the peer, which a peer that stopped reading never lets
 * through. Undertow's session offers {@code forceClose()}; it is called reflectively so that the WAR needs no
 * container module. Elsewhere a plain {@code close} is the best there is.
 */
final class SessionAbort {

    private static final Logger LOG = Logger.getLogger(SessionAbort.class);

    private SessionAbort() {
    }

    static void abort(Session session) {
        try {
            session.getClass().getMethod("forceClose").invoke(session);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("No forced close for session %s (%s); closing it", session.getId(), e.toString());
            try {
                session.close();
            } catch (IOException | RuntimeException closeFailed) {
                LOG.debugf("Close of session %s failed: %s", session.getId(), closeFailed.getMessage());
            }
        }
    }
}
