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
        /** The gateway closed for repeated protocol errors (close 4400): a client bug. */
        PROTOCOL_ERROR,
        /** The session with the realm ended; sign in again. */
        NOT_SIGNED_IN
    }
}
