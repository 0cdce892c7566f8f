package dev.parley.client.mls;

/** The stored MLS state of a conversation cannot be used (another format, damaged, or missing): re-join. */
public final class MlsStateException extends MlsException {

    private static final long serialVersionUID = 1L;

    public MlsStateException(String message) {
        super(message, null);
    }

    public MlsStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
