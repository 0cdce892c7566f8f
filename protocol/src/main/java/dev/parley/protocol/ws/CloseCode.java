package dev.parley.protocol.ws;

/**
 * The WebSocket close codes the gateway uses (RFC 6455 private range 4000–4999), each with the one reason
 * it stands for. Clients decide from the code whether to reconnect: {@link #reconnect()}.
 */
public enum CloseCode {

    /** The client broke the protocol (malformed or unexpected frames, repeatedly). Fix the client. */
    PROTOCOL_ERROR(4400, false),
    /** The device proof was missing, wrong or for an unknown device. Register the device, then connect. */
    DEVICE_PROOF_INVALID(4401, false),
    /** The device was revoked. It must not reconnect. */
    DEVICE_REVOKED(4403, false),
    /** No proof within the time allowed, or no answer to heartbeats: the connection is considered dead. */
    TIMEOUT(4408, true),
    /** A newer connection of the same device took over. Do not reconnect automatically (that would loop). */
    DISPLACED(4409, false),
    /** The protocol version asked for is not spoken here. Upgrade the client. */
    UNSUPPORTED_VERSION(4426, false),
    /**
     * The client did not read fast enough: more frames waited for it than the gateway keeps per connection.
     * Reconnect and resume from the cursors; nothing acknowledged is lost.
     */
    SLOW_CONSUMER(4420, true),
    /**
     * The device made too many protocol errors recently and may not connect during a penalty delay. Reconnect
     * after the {@code retry_after_seconds} of the error frame that came before the close.
     */
    PENALIZED(4429, true),
    /**
     * The user already holds as many live connections as the gateway allows ({@code too_many_connections}). Do not
     * reconnect automatically: close another device's connection first.
     */
    TOO_MANY_CONNECTIONS(4430, false),
    /** The access token expired while connected. Refresh it and reconnect. */
    TOKEN_EXPIRED(4440, true),
    /** The gateway is shutting down or redeploying. Reconnect (with backoff). */
    GOING_AWAY(1001, true),
    /** The client sent a binary frame: the protocol speaks JSON text frames only (RFC 6455 §7.4.1). Fix the client. */
    UNSUPPORTED_DATA(1003, false),
    /**
     * The client sent a message larger than the gateway takes (1 MiB, whole or in fragments; RFC 6455 §7.4.1). Fix the
     * client: sending the same message again would be closed again.
     */
    MESSAGE_TOO_BIG(1009, false);

    private final int code;
    private final boolean reconnect;

    CloseCode(int code, boolean reconnect) {
        this.code = code;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    /** Whether a client should reconnect (with backoff) after this close. */
    public boolean reconnect() {
        return reconnect;
    }

    /** The close code with this number, or {@code null} for one the gateway does not use. */
    public static CloseCode of(int code) {
        for (CloseCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return null;
    }
}
