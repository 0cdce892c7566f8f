package dev.parley.client.device;

import dev.parley.client.store.DeviceRecord;
import dev.parley.client.store.LocalStore;
import dev.parley.client.state.Sealing;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.device.DeviceProof;
import dev.parley.protocol.device.IdentityKeys;
import dev.parley.protocol.mls.tls.Bytes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Registers this state directory as a device of the signed-in user with the realm's Authentication Service, and
 * manages the user's devices.
 *
 * <p>Registration: the identity key is made once per user (here, when the realm has none); every registration
 * makes a fresh device key. Keys are written to {@link KeyVault} before any public key leaves this machine. The
 * device certificate ({@link DeviceCertificate}) is signed by the identity key, the proof of possession
 * ({@link DeviceProof}) by the device key over a fresh challenge.
 */
public final class DeviceManager {

    /** Device ids the realm accepts: 1-64 of {@code [A-Za-z0-9._-]}. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** MLS cipher suite 1, the only one Parley speaks. */
    public static final int CIPHER_SUITE = 1;

    private final AuthenticationServiceClient service;
    private final KeyVault vault;
    private final Supplier<LocalStore> store;
    private final Clock clock;

    public DeviceManager(AuthenticationServiceClient service, KeyVault vault, Supplier<LocalStore> store, Clock clock) {
        this.service = service;
        this.vault = vault;
        this.store = store;
        this.clock = clock;
    }

    /** What a registration did. */
    public record Registration(DeviceRecord device, boolean identityCreated) {
    }

    /** What to register. */
    public record Request(String deviceId, String label, boolean resetIdentity, char[] newPassphrase) {
    }

    /** This directory's registered device, if any (revoked ones included: see {@link DeviceRecord#revoked()}). */
    public Optional<DeviceRecord> current() {
        return store.get().device();
    }

    /** This directory's active device, or an exception that says how to get one. */
    public DeviceRecord requireActive() {
        DeviceRecord device = current().orElseThrow(() -> new NoDeviceException(
                "this state directory has no registered device"));
        if (device.revoked()) {
            throw new NoDeviceException("this device (" + device.deviceId() + ") was revoked"
                    + Revocations.how(device.revocationReason()), true);
        }
        return device;
    }

    /**
     * Registers this directory as a new device of the signed-in user.
     *
     * @throws DeviceRegistrationException when the person must decide something first (the message says what)
     */
    public Registration register(Request request) {
        AuthenticationServiceClient.Info info = service.info();
        Optional<DeviceRecord> existing = current();
        if (!request.resetIdentity() && existing.isPresent() && !existing.get().revoked()
                && existing.get().userId().equals(info.userId())) {
            throw new DeviceRegistrationException(DeviceRegistrationException.ALREADY_REGISTERED,
                    "this state directory is already registered as device '" + existing.get().deviceId()
                            + "'. Use 'parley devices list' to see it, or another --state-dir for another device");
        }
        Optional<DeviceKeys> keys = vault.load();
        if (keys.isPresent() && !keys.get().userId().equals(info.userId())) {
            throw new DeviceRegistrationException(DeviceRegistrationException.OTHER_USER,
                    "this state directory holds the keys of another user (" + keys.get().userId()
                            + "). Use another --state-dir for this user");
        }
        if (request.resetIdentity()) {
            service.resetIdentity();
            keys = Optional.empty();
        }
        Optional<AuthenticationServiceClient.Identity> identity = service.identity();
        Bytes identitySeed;
        boolean identityCreated = false;
        if (identity.isEmpty()) {
            identitySeed = keys.map(DeviceKeys::identitySeed).orElseGet(() -> Bytes.of(Sealing.randomBytes(32)));
            identityCreated = true;
        } else {
            Bytes registered = Base64Url.decode(identity.get().publicKey());
            if (keys.isEmpty() || !DeviceKeys.publicKey(keys.get().identitySeed()).equals(registered)) {
                throw new DeviceRegistrationException(DeviceRegistrationException.IDENTITY_ELSEWHERE,
                        "your account already has an identity key (fingerprint " + shortFingerprint(identity.get().fingerprint())
                                + "), created on another device, and this state directory does not hold its private key. "
                                + "Use that device's state directory (--state-dir), or run 'parley devices register "
                                + "--reset-identity' to replace the identity key: that revokes all your devices and your "
                                + "contacts will be warned that your identity key changed");
            }
            identitySeed = keys.get().identitySeed();
        }
        String deviceId = request.deviceId() != null ? request.deviceId() : generatedDeviceId();
        DeviceKeys fresh = new DeviceKeys(info.userId(), identitySeed, deviceId, Bytes.of(Sealing.randomBytes(32)),
                keys.map(DeviceKeys::storeKey).orElseGet(() -> Bytes.of(Sealing.randomBytes(Sealing.KEY_LENGTH))));
        vault.save(fresh, request.newPassphrase() != null ? request.newPassphrase() : vault.currentPassphrase());
        if (identityCreated) {
            service.registerIdentity(Base64Url.encode(fresh.identityPublicKey()));
        }
        AuthenticationServiceClient.Device device;
        try {
            device = service.registerDevice(registration(info, fresh, request.label()));
        } catch (AuthenticationServiceException e) {
            if (!"device_exists".equals(e.code()) || request.deviceId() != null) {
                throw e;
            }
            fresh = fresh.withDeviceId(generatedDeviceId());
            vault.save(fresh, vault.currentPassphrase());
            device = service.registerDevice(registration(info, fresh, request.label()));
        }
        DeviceRecord record = new DeviceRecord(info.realm(), info.userId(), null, device.deviceId(), device.deviceKey(),
                IdentityKeys.fingerprint(fresh.identityPublicKey()), device.label(), clock.instant(), null, null);
        store.get().saveDevice(record);
        return new Registration(record, identityCreated);
    }

    private AuthenticationServiceClient.Registration registration(AuthenticationServiceClient.Info info, DeviceKeys keys,
            String label) {
        long createdAt = clock.millis();
        Bytes deviceKey = keys.devicePublicKey();
        String challenge = service.challenge();
        Bytes certificate = new DeviceCertificate(info.realm(), info.userId(), keys.deviceId(), deviceKey, createdAt)
                .sign(keys.identityPrivateKey());
        Bytes proof = new DeviceProof(info.realm(), info.userId(), Base64Url.decode(challenge), keys.deviceId(), deviceKey)
                .sign(keys.devicePrivateKey());
        return new AuthenticationServiceClient.Registration(keys.deviceId(), Base64Url.encode(deviceKey), CIPHER_SUITE,
                platform(), label != null ? label : defaultLabel(keys.deviceId()), createdAt, Base64Url.encode(certificate), challenge,
                Base64Url.encode(proof));
    }

    /**
     * The host name, or "host name (device id)" when another device of the user already has that name: the realm keeps
     * device names unique per user (two devices registered on one machine must not clash).
     */
    private String defaultLabel(String deviceId) {
        String host = hostName();
        boolean taken = service.devices().stream().anyMatch(device -> host.equals(device.label()));
        return taken ? host + " (" + deviceId + ")" : host;
    }

    /** The user's devices at the realm, revoked ones included, oldest first. */
    public List<AuthenticationServiceClient.Device> list() {
        return service.devices();
    }

    public AuthenticationServiceClient.Device rename(String deviceId, String label) {
        AuthenticationServiceClient.Device renamed = service.renameDevice(deviceId, label);
        current().filter(d -> d.deviceId().equals(deviceId)).ifPresent(d -> store.get().renameDevice(label));
        return renamed;
    }

    /** Revokes a device of the user; revoking this directory's own device also marks it revoked here. */
    public void revoke(String deviceId) {
        service.revokeDevice(deviceId);
        current().filter(d -> d.deviceId().equals(deviceId))
                .ifPresent(d -> store.get().markDeviceRevoked("device_revoked", clock.instant()));
    }

    /**
     * Records a revocation learnt from the gateway (a 4403 close), with the realm's reason when it can be read.
     *
     * @return the reason recorded
     */
    public String markRevoked(Instant at) {
        String reason = "device_revoked";
        Optional<DeviceRecord> device = current();
        try {
            String deviceId = device.map(DeviceRecord::deviceId).orElse(null);
            reason = service.devices().stream().filter(d -> d.deviceId().equals(deviceId) && d.revocationReason() != null)
                    .map(AuthenticationServiceClient.Device::revocationReason).findFirst().orElse(reason);
        } catch (RuntimeException e) {
            // the reason is informative only; the revocation itself is certain
        }
        store.get().markDeviceRevoked(reason, at);
        return reason;
    }

    static String shortFingerprint(String fingerprint) {
        return fingerprint.length() > 16 ? fingerprint.substring(0, 16) : fingerprint;
    }

    static String generatedDeviceId() {
        String host = hostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("-+", "-");
        host = host.replaceAll("^[-.]+|[-.]+$", "");
        if (host.isEmpty()) {
            host = "device";
        }
        if (host.length() > 40) {
            host = host.substring(0, 40);
        }
        return host + "-" + HexFormat.of().formatHex(Sealing.randomBytes(3));
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "device";
        }
    }

    static String platform() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        return os.length() > 64 ? os.substring(0, 64) : os;
    }
}
