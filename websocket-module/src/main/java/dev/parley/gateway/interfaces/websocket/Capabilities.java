package dev.parley.gateway.interfaces.websocket;

/** The optional features a client may ask for in {@code connect} ({@code "capabilities": [...]}); see docs/protocol.md. */
final class Capabilities {

    /** The client reads {@code batch} frames: several frames carried in one. */
    static final String BATCH = "batch";

    private Capabilities() {
    }
}
