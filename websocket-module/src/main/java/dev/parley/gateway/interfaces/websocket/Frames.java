package dev.parley.gateway.interfaces.websocket;

import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import java.util.List;

/**
 * The frames the gateway sends; every one is a JSON object whose {@code type} names it. Presence frames are in
 * {@link PresenceFrames}; pushes ({@code PushFrame}s) come from the services.
 */
public final class Frames {

    private Frames() {
    }

    /** First frame of every connection: what the gateway speaks and the nonce to sign. */
    public record Hello(String type, String gatewayId, List<Integer> protocolVersions, String nonce, long heartbeatSeconds,
            long proofTimeoutSeconds) {

        Hello(String gatewayId, List<Integer> protocolVersions, String nonce, long heartbeatSeconds, long proofTimeoutSeconds) {
            this("hello", gatewayId, protocolVersions, nonce, heartbeatSeconds, proofTimeoutSeconds);
        }
    }

    /** The answer to a valid {@code connect}: the device is now live on this connection. */
    public record Connected(String type, String id, String sessionId, String userId, String deviceId, int protocolVersion,
            List<String> capabilities) {

        Connected(String id, String sessionId, String userId, String deviceId, int protocolVersion, List<String> capabilities) {
            this("connected", id, sessionId, userId, deviceId, protocolVersion, capabilities);
        }
    }

    /** The answer to a client's {@code ping} or {@code token} frame. */
    public record Ack(String type, String id) {
    }

    /** A refused frame; {@code id} is the request's id when it had one. */
    public record Error(String type, String id, String error, String message, Long retryAfterSeconds) {

        Error(String id, ParleyError error, String message) {
            this("error", id, error.code(), message, null);
        }

        static Error of(String id, ErrorResponse response) {
            return new Error("error", id, response.error(), response.message(), response.retryAfterSeconds());
        }
    }
}
