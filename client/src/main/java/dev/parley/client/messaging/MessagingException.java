package dev.parley.client.messaging;

/**
 * A conversation operation that cannot be done, with a stable machine-readable {@link #code()} (e.g.
 * {@code conversation_unknown}, {@code not_in_group}, {@code no_devices}) and a sentence that says what to do.
 */
public final class MessagingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public MessagingException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
