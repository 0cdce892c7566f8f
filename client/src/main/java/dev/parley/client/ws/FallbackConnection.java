package dev.parley.client.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The WebSocket, falling back to SSE for good when the gateway (or a proxy before it) answers the upgrade with an
 * HTTP error: {@code realtime.transport=auto}. The listener sees one connection: the switch is reported as a
 * {@code disconnected} with no delay, then {@code connected} again over SSE.
 */
public final class FallbackConnection implements RealtimeConnection {

    private final Function<ConnectionListener, GatewayConnection> webSocket;
    private final Function<ConnectionListener, RealtimeConnection> eventStream;
    private final ConnectionListener listener;
    private final CompletableFuture<Stopped> stopped = new CompletableFuture<>();
    private volatile RealtimeConnection current;
    private volatile boolean closing;

    /**
     * @param webSocket   makes the WebSocket connection reporting to the given listener
     * @param eventStream makes the SSE connection reporting to the given listener
     */
    public FallbackConnection(Function<ConnectionListener, GatewayConnection> webSocket,
            Function<ConnectionListener, RealtimeConnection> eventStream, ConnectionListener listener) {
        this.webSocket = webSocket;
        this.eventStream = eventStream;
        this.listener = listener;
    }

    @Override
    public synchronized FallbackConnection start() {
        RealtimeConnection ws = webSocket.apply(new Switching()).stopOnRefusedUpgrade();
        current = ws;
        ws.start();
        return this;
    }

    @Override
    public CompletableFuture<Stopped> stopped() {
        return stopped;
    }

    @Override
    public CompletableFuture<JsonNode> request(ObjectNode frame) {
        RealtimeConnection connection = current;
        if (connection == null) {
            return CompletableFuture.failedFuture(new FrameException("not_connected", "the connection is not started"));
        }
        return connection.request(frame);
    }

    @Override
    public void close() {
        closing = true;
        RealtimeConnection connection = current;
        if (connection != null) {
            connection.close();
        }
    }

    private synchronized void fallBack(Stopped refused) {
        listener.disconnected(0, refused.message() + "; using Server-Sent Events instead", Duration.ZERO);
        RealtimeConnection sse = eventStream.apply(listener);
        current = sse;
        sse.stopped().whenComplete((why, failure) -> stopped.complete(why));
        sse.start();
    }

    /** Passes the WebSocket's events on, except a refused upgrade, which starts SSE. */
    private final class Switching implements ConnectionListener {

        @Override
        public void connected(Connected connected) {
            listener.connected(connected);
        }

        @Override
        public void frame(JsonNode frame) {
            listener.frame(frame);
        }

        @Override
        public void disconnected(int closeCode, String reason, Duration retryIn) {
            listener.disconnected(closeCode, reason, retryIn);
        }

        @Override
        public void stopped(Stopped why) {
            if (why.reason() == Stopped.Reason.UPGRADE_REFUSED) {
                if (!closing) {
                    fallBack(why);
                    return;
                }
                why = new Stopped(Stopped.Reason.CLOSED, 0, null, "closed");
            }
            listener.stopped(why);
            stopped.complete(why);
        }
    }
}
