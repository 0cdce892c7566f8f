package dev.parley.protocol.ws;

import java.util.Optional;

/**
 * Every frame type a client may send over the WebSocket (docs/protocol.md#frames), by its {@code type}. The gateway
 * dispatches on this enum and answers any other {@code type} with {@code unknown_frame_type}; a new frame type is
 * added here first, and then needs its row in the access matrix (docs/protocol.md#access-matrix).
 */
public enum ClientFrameType {

    CONNECT("connect"),
    PING("ping"),
    TOKEN("token"),
    SET_PRESENCE("set_presence"),
    WATCH("watch"),
    UNWATCH("unwatch"),
    SEND("send"),
    COMMIT("commit"),
    ACK("ack");

    private final String wire;

    ClientFrameType(String wire) {
        this.wire = wire;
    }

    /** The frame's {@code type} on the wire. */
    public String wire() {
        return wire;
    }

    /** The frame type with this {@code type}, or empty for one the gateway does not take. */
    public static Optional<ClientFrameType> of(String wire) {
        for (ClientFrameType type : values()) {
            if (type.wire.equals(wire)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
