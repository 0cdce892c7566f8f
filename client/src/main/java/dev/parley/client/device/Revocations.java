package dev.parley.client.device;

/** The realm's revocation reasons (docs/authentication-service.md) in words. */
public final class Revocations {

    private Revocations() {
    }

    /** How a device came to be revoked, to follow "was revoked": e.g. " by an administrator". */
    public static String how(String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "device_revoked" -> " by you (from one of your devices)";
            case "device_deleted" -> " by an administrator";
            case "identity_reset" -> " when your identity key was reset";
            case "user_disabled" -> " when your account was disabled";
            case "user_deleted" -> " when your account was deleted";
            default -> " (" + reason + ")";
        };
    }
}
