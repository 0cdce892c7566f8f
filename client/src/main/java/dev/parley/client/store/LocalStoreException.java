package dev.parley.client.store;

/** The local store cannot be opened or used (in use by another process, damaged, or from a newer client). */
public final class LocalStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
