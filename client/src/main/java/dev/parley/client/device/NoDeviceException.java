package dev.parley.client.device;

/** The command needs this directory's registered, active device and there is none. */
public final class NoDeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NoDeviceException(String message) {
        super(message);
    }
}
