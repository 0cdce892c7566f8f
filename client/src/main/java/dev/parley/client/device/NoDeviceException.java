package dev.parley.client.device;

/** The command needs this directory's registered, active device and there is none (or it was revoked). */
public final class NoDeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean revoked;

    public NoDeviceException(String message) {
        this(message, false);
    }

    public NoDeviceException(String message, boolean revoked) {
        super(message);
        this.revoked = revoked;
    }

    /** True when there was a device and it was revoked. */
    public boolean revoked() {
        return revoked;
    }
}
