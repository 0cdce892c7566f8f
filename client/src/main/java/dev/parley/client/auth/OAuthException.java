package dev.parley.client.auth;

/**
 * An error answer of the realm's OAuth endpoints (RFC 6749 §5.2, RFC 8628 §3.5), e.g.
 * {@code access_denied}, {@code expired_token}, {@code invalid_grant}. {@link #error()} is the code.
 */
public class OAuthException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String error;

    public OAuthException(String error, String description) {
        super(description == null || description.isBlank() ? error : description);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
