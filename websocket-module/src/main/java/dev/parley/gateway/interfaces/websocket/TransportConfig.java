package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings of the realtime transports (MicroProfile Config keys {@code parley.ws.*}). */
@ApplicationScoped
public class TransportConfig {

    @Inject
    @ConfigProperty(name = "parley.ws.heartbeat-seconds", defaultValue = "20")
    int heartbeatSeconds;

    @Inject
    @ConfigProperty(name = "parley.ws.proof-timeout-seconds", defaultValue = "10")
    int proofTimeoutSeconds;

    @Inject
    GatewayConfig gateway;

    /** The text message every client may send: a 1 MiB floor, whatever the envelope limit. */
    static final int MIN_TEXT_MESSAGE_BYTES = 1024 * 1024;
    /** Room for a frame's JSON around its base64url fields: type, ids, names. */
    static final int FRAME_OVERHEAD_BYTES = 64 * 1024;

    /**
     * The largest text message a connection takes: a {@code commit} frame with a commit, a Welcome and a GroupInfo
     * each at {@code parley.mailbox.max-envelope-bytes} (base64url: 4/3 of each, so 4 × the limit for three) and its
     * JSON, at least 1 MiB. With the default envelope limit of 256 KiB: 1,114,112 bytes. Larger: closed with 1009.
     */
    public int maxTextMessageBytes() {
        return maxTextMessageBytes(gateway.maxEnvelopeBytes());
    }

    static int maxTextMessageBytes(int maxEnvelopeBytes) {
        long forACommit = 4L * maxEnvelopeBytes + FRAME_OVERHEAD_BYTES;
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_TEXT_MESSAGE_BYTES, forACommit));
    }

    @Inject
    @ConfigProperty(name = "parley.ws.outbound-queue-frames", defaultValue = "1024")
    int outboundQueueFrames;

    /**
     * How many frames may wait for one connection; past that the peer is a slow consumer and is closed with
     * {@code 4420}, to resume from its cursors.
     */
    public int outboundQueueFrames() {
        return outboundQueueFrames;
    }

    @Inject
    @ConfigProperty(name = "parley.ws.outbound-queue-bytes", defaultValue = "16777216")
    long outboundQueueBytes;

    /** How many bytes of frames may wait for one connection; past that the peer is a slow consumer, as for frames. */
    public long outboundQueueBytes() {
        return Math.max(64 * 1024, outboundQueueBytes);
    }

    @Inject
    @ConfigProperty(name = "parley.ws.max-in-flight", defaultValue = "256")
    int maxInFlight;

    /**
     * How many {@code send}/{@code commit} requests of one connection may wait for their answers; the next one is
     * refused with {@code too_many_in_flight}. Kept well below the outbound queue, which also carries deliveries.
     */
    public int maxInFlight() {
        return Math.max(1, Math.min(maxInFlight, outboundQueueFrames / 4));
    }

    @Inject
    @ConfigProperty(name = "parley.ws.protocol-errors-per-minute", defaultValue = "10")
    int protocolErrorsPerMinute;

    @Inject
    @ConfigProperty(name = "parley.ws.protocol-error-penalty-seconds", defaultValue = "60")
    int protocolErrorPenaltySeconds;

    /** How many refused frames a connection (and, across its connections, a device) may send per minute. */
    public int protocolErrorsPerMinute() {
        return Math.max(1, protocolErrorsPerMinute);
    }

    /** How long a device closed for protocol errors may not connect again. */
    public Duration protocolErrorPenalty() {
        return Duration.ofSeconds(Math.max(1, protocolErrorPenaltySeconds));
    }

    /** How often the gateway pings; a connection silent for two intervals is closed as dead. */
    public Duration heartbeat() {
        return Duration.ofSeconds(heartbeatSeconds);
    }

    @Inject
    @ConfigProperty(name = "parley.ws.write-deadline-seconds", defaultValue = "30")
    int writeDeadlineSeconds;

    /**
     * How long a frame may take to be written to a peer before the peer counts as not reading and is closed with
     * {@code 4420}; a close not written within it more drops the network connection.
     */
    public Duration writeDeadline() {
        return Duration.ofSeconds(Math.max(1, writeDeadlineSeconds));
    }

    /** How long a new connection may take to prove its device before it is closed. */
    public Duration proofTimeout() {
        return Duration.ofSeconds(proofTimeoutSeconds);
    }
}
