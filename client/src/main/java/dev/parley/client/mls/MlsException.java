package dev.parley.client.mls;

/** An MLS operation of this client failed (a bug, or data bcmls rejects). */
public class MlsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
