package dev.parley.protocol.error;

/**
 * The body of every REST error and the payload of every WebSocket error frame:
 * {@code {"error": "token_expired", "message": "..."}}. {@code error} is a {@link ParleyError} code;
 * {@code message} is for people and may change between versions.
 */
public record ErrorResponse(String error, String message) {

    public static ErrorResponse of(ParleyError error) {
        return new ErrorResponse(error.code(), error.hint());
    }

    public static ErrorResponse of(ParleyError error, String message) {
        return new ErrorResponse(error.code(), message);
    }
}
