package dev.parley.protocol.error;

/** A failure with a name: carries the {@link ParleyError} the other side of the wire will see. */
public class ParleyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ParleyError error;

    public ParleyException(ParleyError error) {
        this(error, error.hint());
    }

    public ParleyException(ParleyError error, String message) {
        super(message);
        this.error = error;
    }

    public ParleyError error() {
        return error;
    }

    /** Seconds after which the same request may succeed, or {@code null} when waiting will not help. */
    public Long retryAfterSeconds() {
        return null;
    }

    public ErrorResponse toResponse() {
        return new ErrorResponse(error.code(), getMessage(), retryAfterSeconds());
    }
}
