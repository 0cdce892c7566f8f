package dev.parley.client.auth;

/** There is no usable session: never signed in, signed out, or the realm no longer accepts the refresh token. */
public class NotSignedInException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotSignedInException(String reason) {
        super(reason);
    }
}
