package dev.parley.client.ws;

/** The gateway answered a request frame with an {@code error} frame (or the connection went away first). */
public final class FrameException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public FrameException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
