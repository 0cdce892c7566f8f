package dev.parley.protocol.error;

/**
 * The body of every REST error and the payload of every WebSocket error frame:
 * {@code {"error": "token_expired", "message": "..."}}. {@code error} is a {@link ParleyError} code;
 * {@code message} is for people and may change between versions. {@code retryAfterSeconds} is present
 * only on errors that end by waiting ({@code rate_limited}, {@code auth_unavailable}); {@code currentEpoch}
 * only on {@code stale_epoch} (the epoch the conversation is at).
 */
public record ErrorResponse(String error, String message, Long retryAfterSeconds, Long currentEpoch) {

    public ErrorResponse(String error, String message, Long retryAfterSeconds) {
        this(error, message, retryAfterSeconds, null);
    }

    public ErrorResponse(String error, String message) {
        this(error, message, null, null);
    }

    public static ErrorResponse of(ParleyError error) {
        return new ErrorResponse(error.code(), error.hint());
    }

    public static ErrorResponse of(ParleyError error, String message) {
        return new ErrorResponse(error.code(), message);
    }
}
