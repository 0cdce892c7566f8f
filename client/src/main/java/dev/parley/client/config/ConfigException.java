package dev.parley.client.config;

/** A setting that does not exist or a value it cannot take; the message says which, as one sentence. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
