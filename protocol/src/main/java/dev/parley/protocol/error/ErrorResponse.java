package dev.parley.protocol.error;

/**
 * The body of every REST error and the payload of every WebSocket error frame:
 * {@code {"error": "token_expired", "message": "..."}}. {@code error} is a {@link ParleyError} code;
 * {@code message} is for people and may change between versions. {@code retryAfterSeconds} is present
 * only on errors that end by waiting ({@code rate_limited}, {@code auth_unavailable}).
 */
public record ErrorResponse(String error, String message, Long retryAfterSeconds) {

    public ErrorResponse(String error, String message) {
        this(error, message, null);
    }

    public static ErrorResponse of(ParleyError error) {
        return new ErrorResponse(error.code(), error.hint());
    }

    public static ErrorResponse of(ParleyError error, String message) {
        return new ErrorResponse(error.code(), message);
    }
}
