package dev.parley.client.device;

/** The keys of this state directory are encrypted and no (or a wrong) passphrase was given. */
public final class KeysLockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeysLockedException(String message) {
        super(message);
    }
}
