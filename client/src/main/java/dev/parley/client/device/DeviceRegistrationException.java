package dev.parley.client.device;

/**
 * Registration cannot go ahead for a reason the person must act on; the message says what to do. {@link #code()}
 * names the case for scripts.
 */
public final class DeviceRegistrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The cases, as codes. */
    public static final String IDENTITY_ELSEWHERE = "identity_key_elsewhere";
    public static final String ALREADY_REGISTERED = "device_already_registered";
    public static final String OTHER_USER = "state_dir_of_another_user";

    private final String code;

    public DeviceRegistrationException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
