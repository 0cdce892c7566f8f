package dev.parley.gateway.interfaces.auth;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;

/** An access token that this gateway does not accept, with the reason as a {@link ParleyError}. */
public class TokenRejectedException extends ParleyException {

    private static final long serialVersionUID = 1L;

    public TokenRejectedException(ParleyError error) {
        super(error);
    }
}
