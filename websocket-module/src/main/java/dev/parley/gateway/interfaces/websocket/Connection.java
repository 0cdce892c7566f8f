package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import dev.parley.gateway.interfaces.rest.JsonbConfigResolver;
import dev.parley.protocol.ws.CloseCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One WebSocket connection and what the gateway knows about it. Sends are serialised (a session's remote
 * endpoint is not thread-safe). A connection starts unproven; after a valid {@code connect} frame it is bound
 * to one device of the token's user, and stays so until it closes.
 *
 * <p>Invariant: no method blocks on the peer. Frames and pings are written asynchronously and no lock is held
 * around any I/O, so a peer that stops reading stalls only its own writes, never the heartbeat or a close.
 * Such a peer is found by {@link #writeStalled} (a frame not written within the write deadline) and
 * {@link #pingUnansweredSince} (pongs must echo the ping's random payload, so other frames do not count); a close
 * the peer never lets through is enforced by {@link #closeOverdue} and {@link #abort}.
 */
final class Connection implements DeliveryTarget {

    private static final Logger LOG = Logger.getLogger(Connection.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Session session;
    private final byte[] nonce;
    private final Instant openedAt;
    private volatile AuthenticatedUser user;
    private volatile String deviceId;
    private volatile Instant lastHeardAt;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long closeRequestedNanos;
    private volatile boolean batching;
    private final OutboundQueue<String> outbound;
    private int protocolErrors;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The payload of the ping that waits for its pong, or {@code null}; guarded by {@code this}. */
    private ByteBuffer pingPayload;
    private long pingSentNanos;

    Connection(Session session, AuthenticatedUser user, byte[] nonce, Instant now, int outboundCapacity,
            long outboundBytes, Duration writeDeadline) {
        this.session = session;
        // The container's own deadline for each asynchronous write (frames and pings): a second line behind writeStalled.
        session.getAsyncRemote().setSendTimeout(writeDeadline.toMillis());
        this.user = user;
        this.nonce = nonce.clone();
        this.openedAt = now;
        this.lastHeardAt = now;
        this.outbound = new OutboundQueue<>(this::write, outboundCapacity, outboundBytes, String::length,
                new OutboundQueue.Combiner<>() {
                    @Override
                    public boolean active() {
                        return batching;
                    }

                    @Override
                    public String combine(List<String> frames) {
                        return batch(frames);
                    }
                },
                () -> close(CloseCode.SLOW_CONSUMER, "more than " + outboundCapacity + " frames or " + outboundBytes
                        + " bytes waiting; reconnect and resume from your cursors"),
                failure -> {
                    LOG.debugf("Send to connection %s failed: %s", id(), failure.getMessage());
                    close(CloseCode.GOING_AWAY, "send failed");
                });
    }

    String id() {
        return session.getId();
    }

    AuthenticatedUser user() {
        return user;
    }

    /** A fresh token of the same user extends the connection past the old token's expiry. */
    void renew(AuthenticatedUser renewed) {
        this.user = renewed;
    }

    byte[] nonce() {
        return nonce.clone();
    }

    Instant openedAt() {
        return openedAt;
    }

    /** The device this connection speaks for, or {@code null} before a valid {@code connect}. */
    String deviceId() {
        return deviceId;
    }

    /** The proven device, or {@code null} before a valid {@code connect}. */
    @Override
    public DeviceAddress device() {
        return deviceId == null ? null : new DeviceAddress(user.userId(), deviceId);
    }

    @Override
    public Instant tokenExpiresAt() {
        return user.tokenExpiresAt();
    }

    boolean proven() {
        return deviceId != null;
    }

    void bind(String provenDeviceId) {
        this.deviceId = provenDeviceId;
    }

    void heard(Instant now) {
        lastHeardAt = now;
    }

    Instant lastHeardAt() {
        return lastHeardAt;
    }

    /**
     * The peer accepts {@code batch} frames (it said so in {@code connect}): frames that wait while a write is in
     * flight go out together, as one {@code {"type":"batch","frames":[...]}}.
     */
    void acceptBatches() {
        batching = true;
    }

    /** Whether the peer accepts {@code batch} frames. */
    boolean acceptsBatches() {
        return batching;
    }

    /** One frame carrying {@code frames} (JSON texts) in order. */
    static String batch(List<String> frames) {
        int length = 32 + frames.size();
        for (String frame : frames) {
            length += frame.length();
        }
        StringBuilder batch = new StringBuilder(length).append("{\"type\":\"batch\",\"frames\":[");
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                batch.append(',');
            }
            batch.append(frames.get(i));
        }
        return batch.append("]}").toString();
    }

    /** Starts a pipelined request unless {@code max} are waiting for their answers already. */
    boolean beginRequest(int max) {
        while (true) {
            int now = inFlight.get();
            if (now >= max) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A pipelined request was answered. */
    void endRequest() {
        inFlight.decrementAndGet();
    }

    /** Counts a protocol error; returns how many this connection made. */
    synchronized int protocolError() {
        return ++protocolErrors;
    }

    /**
     * Queues a frame for this connection without waiting for the peer; frames arrive in the order sent.
     * Returns {@code false} if the connection is closing or its outbound queue overflowed (it is then
     * closed with {@link CloseCode#SLOW_CONSUMER}).
     */
    @Override
    public boolean send(Object frame) {
        if (closing.get() || !session.isOpen()) {
            return false;
        }
        String text = frame instanceof EncodedFrame encoded ? encoded.json() : JsonbConfigResolver.jsonb().toJson(frame);
        return outbound.offer(text);
    }

    /** Frames queued for this connection and not yet handed to the container. */
    @Override
    public int queuedFrames() {
        return outbound.waiting();
    }

    @Override
    public int capacity() {
        return outbound.capacity();
    }

    @Override
    public void whenDrained(Runnable action) {
        outbound.whenDrained(action);
    }

    @Override
    public void abandon(String reason) {
        close(CloseCode.GOING_AWAY, reason);
    }

    private void write(String frame, java.util.function.Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(frame, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    /**
     * Sends a ping without waiting for it to be written, unless the previous one still waits for its pong. The
     * payload is random, so only a peer that reads the ping can answer it.
     */
    void ping() {
        if (closing.get() || !session.isOpen()) {
            return;
        }
        ByteBuffer payload;
        synchronized (this) {
            if (pingPayload != null) {
                return;
            }
            byte[] random = new byte[8];
            RANDOM.nextBytes(random);
            pingPayload = ByteBuffer.wrap(random).asReadOnlyBuffer();
            pingSentNanos = System.nanoTime();
            payload = pingPayload.duplicate();
        }
        try {
            session.getAsyncRemote().sendPing(payload);
        } catch (IOException | RuntimeException e) {
            close(CloseCode.TIMEOUT, "ping failed");
        }
    }

    /** A pong arrived; it answers the waiting ping if it echoes its payload. */
    synchronized void pong(ByteBuffer applicationData) {
        if (pingPayload != null && pingPayload.equals(applicationData)) {
            pingPayload = null;
        }
    }

    /** Since when a ping waits for its pong, in {@link System#nanoTime()}, or {@code null} if none waits. */
    synchronized Long pingUnansweredSince() {
        return pingPayload == null ? null : pingSentNanos;
    }

    /** Whether a frame handed to the container has not been written for longer than {@code deadline}. */
    boolean writeStalled(Duration deadline, long nowNanos) {
        long since = outbound.writingSince();
        return since != OutboundQueue.NOT_WRITING && nowNanos - since > deadline.toNanos();
    }

    /** Closes with a documented code; the reason text is for people and logs. Idempotent, never waits for the peer. */
    @Override
    public void close(CloseCode code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeRequestedNanos = System.nanoTime();
        outbound.close();
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), truncate(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Close of connection %s failed: %s", id(), e.getMessage());
        }
    }

    /** Whether a close was asked for longer than {@code deadline} ago and the session is still open (the peer does not read). */
    boolean closeOverdue(Duration deadline, long nowNanos) {
        return closing.get() && session.isOpen() && nowNanos - closeRequestedNanos > deadline.toNanos();
    }

    /** Drops the connection without a close handshake: for a peer that does not read even the close frame. */
    void abort() {
        SessionAbort.abort(session);
    }

    @Override
    public boolean isOpen() {
        return !closing.get() && session.isOpen();
    }

    /** A close reason must fit a control frame (123 bytes). */
    private static String truncate(String reason) {
        return reason.length() > 120 ? reason.substring(0, 120) : reason;
    }
}
