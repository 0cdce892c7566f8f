package dev.parley.client.ws;

/**
 * Why a {@link GatewayConnection} stopped for good.
 *
 * @param closeCode the WebSocket close code that ended it, or 0 when it did not end with a close
 * @param error     the gateway's error code when it sent one (e.g. {@code device_revoked}), else null
 * @param message   for people
 */
public record Stopped(Reason reason, int closeCode, String error, String message) {

    /** The kinds of end; only {@link #CLOSED} is a normal one. */
    public enum Reason {
        /** This client closed it. */
        CLOSED,
        /** The device was revoked (close 4403): it must not reconnect. */
        DEVICE_REVOKED,
        /** A newer connection of the same device took over (close 4409). */
        DISPLACED,
        /** The gateway does not accept the device proof (close 4401): the device is unknown or the key is wrong. */
        DEVICE_PROOF_INVALID,
        /** The gateway does not speak this client's protocol version (close 4426). */
        UNSUPPORTED_VERSION,
        /**
         * The gateway closed for repeated protocol errors (close 4400), a binary frame (1003) or a message larger than
         * it takes (1009): a client bug.
         */
        PROTOCOL_ERROR,
        /**
         * The user already holds as many live connections as the gateway allows (close 4430, or
         * {@code too_many_connections} before an SSE stream): close another device's connection first.
         */
        TOO_MANY_CONNECTIONS,
        /** The session with the realm ended; sign in again. */
        NOT_SIGNED_IN,
        /**
         * The gateway (or a proxy before it) answered the WebSocket upgrade with an HTTP error: reported only by a
         * connection told to {@link GatewayConnection#stopOnRefusedUpgrade()}, so that its owner falls back to SSE.
         */
        UPGRADE_REFUSED
    }

    /**
     * The end a close code of the gateway (WebSocket close, or SSE {@code closed} event) means, or null when the client
     * should reconnect ({@code 1001}, {@code 4408}, {@code 4420}, {@code 4429}, {@code 4440} and unknown codes).
     *
     * @param lastError the error code the gateway sent before closing, if any
     * @param message   for people: the gateway's reason, if any
     */
    public static Stopped forClose(int code, String lastError, String message) {
        dev.parley.protocol.ws.CloseCode known = dev.parley.protocol.ws.CloseCode.of(code);
        if (known == null) {
            return null;
        }
        return switch (known) {
            case DEVICE_REVOKED -> new Stopped(Reason.DEVICE_REVOKED, code, "device_revoked",
                    message != null ? message : "the device was revoked");
            case DISPLACED -> new Stopped(Reason.DISPLACED, code, "displaced", "a newer connection of this device took over");
            case DEVICE_PROOF_INVALID -> new Stopped(Reason.DEVICE_PROOF_INVALID, code,
                    lastError != null ? lastError : "device_proof_invalid",
                    message != null ? message : "the gateway does not accept this device's proof");
            case UNSUPPORTED_VERSION -> new Stopped(Reason.UNSUPPORTED_VERSION, code, "unsupported_protocol_version",
                    message != null ? message : "the gateway does not speak this client's protocol version");
            case PROTOCOL_ERROR -> new Stopped(Reason.PROTOCOL_ERROR, code, lastError, message != null ? message : "protocol error");
            case UNSUPPORTED_DATA -> new Stopped(Reason.PROTOCOL_ERROR, code, lastError,
                    message != null ? message : "the gateway accepts JSON text frames only");
            case MESSAGE_TOO_BIG -> new Stopped(Reason.PROTOCOL_ERROR, code, lastError,
                    message != null ? message : "the gateway does not take a message that large");
            case TOO_MANY_CONNECTIONS -> new Stopped(Reason.TOO_MANY_CONNECTIONS, code, "too_many_connections",
                    message != null ? message : "this user already holds as many connections as the gateway allows");
            default -> null;
        };
    }
}
