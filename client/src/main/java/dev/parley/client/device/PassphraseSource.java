package dev.parley.client.device;

/**
 * Where the passphrase of encrypted keys comes from (the CLI: {@code PARLEY_PASSPHRASE}, else the terminal).
 */
@FunctionalInterface
public interface PassphraseSource {

    /** No passphrase can be had (scripts without {@code PARLEY_PASSPHRASE}). */
    PassphraseSource NONE = confirm -> null;

    /**
     * @param confirm true when a new passphrase is being chosen (a prompt asks twice)
     * @return the passphrase, or null when none is available
     */
    char[] passphrase(boolean confirm);
}
