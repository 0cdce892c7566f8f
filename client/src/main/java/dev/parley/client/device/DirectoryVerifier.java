package dev.parley.client.device;

import dev.parley.client.store.KnownIdentity;
import dev.parley.client.store.LocalStore;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.device.IdentityKeys;
import dev.parley.protocol.mls.tls.Bytes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks another user's devices against the realm's directory without trusting the server: every active device's
 * certificate must verify with the user's identity key, and the identity key must be the one this client saw
 * before (trust on first use, kept in the local store). A changed identity key is reported, never accepted
 * silently: {@link #acceptIdentity} records the new one once the person has checked it.
 */
public final class DirectoryVerifier {

    /** A device whose certificate verifies with the user's identity key. */
    public record VerifiedDevice(String deviceId, Bytes deviceKey, Instant createdAt) {
    }

    /** An active device listed by the directory that must not be trusted, and why. */
    public record RejectedDevice(String deviceId, String reason) {
    }

    /**
     * The outcome for one user.
     *
     * @param fingerprint         the identity key's fingerprint, or null when the user has none (no usable device)
     * @param previousFingerprint the key seen before when it changed, else null
     * @param firstSeen           since when this identity key is known here
     */
    public record Verified(String userId, String username, String fingerprint, Instant firstSeen,
                           String previousFingerprint, List<VerifiedDevice> devices, List<RejectedDevice> rejected) {

        /** True when the identity key differs from the one this client knew. */
        public boolean identityChanged() {
            return previousFingerprint != null;
        }
    }

    private final AuthenticationServiceClient service;
    private final Supplier<LocalStore> store;
    private final Clock clock;
    private String realm;

    public DirectoryVerifier(AuthenticationServiceClient service, Supplier<LocalStore> store, Clock clock) {
        this.service = service;
        this.store = store;
        this.clock = clock;
    }

    public Verified verify(String userId) {
        return verify(service.directory(userId));
    }

    /** Checks a directory entry; remembers a first-seen identity key. */
    public Verified verify(AuthenticationServiceClient.DirectoryEntry entry) {
        if (entry.identity() == null) {
            return new Verified(entry.userId(), entry.username(), null, null, null, List.of(), List.of());
        }
        Bytes identityKey = Base64Url.decode(entry.identity().publicKey());
        String fingerprint = IdentityKeys.fingerprint(identityKey);
        Instant now = clock.instant();
        var known = store.get().knownIdentity(entry.userId());
        String previous = known.map(KnownIdentity::fingerprint).filter(f -> !f.equals(fingerprint)).orElse(null);
        Instant firstSeen = now;
        if (known.isEmpty() || previous == null) {
            store.get().rememberIdentity(entry.userId(), entry.username(), fingerprint, entry.identity().publicKey(), now);
            firstSeen = known.map(KnownIdentity::firstSeen).orElse(now);
        }
        List<VerifiedDevice> verified = new ArrayList<>();
        List<RejectedDevice> rejected = new ArrayList<>();
        for (AuthenticationServiceClient.Device device : entry.devices() == null ? List.<AuthenticationServiceClient.Device>of() : entry.devices()) {
            if (device.revoked()) {
                continue;
            }
            if (device.cipherSuite() != DeviceManager.CIPHER_SUITE) {
                rejected.add(new RejectedDevice(device.deviceId(), "cipher suite " + device.cipherSuite() + " is not supported"));
                continue;
            }
            Bytes deviceKey;
            Bytes certificate;
            try {
                deviceKey = Base64Url.decode(device.deviceKey());
                certificate = Base64Url.decode(device.certificate());
            } catch (IllegalArgumentException e) {
                rejected.add(new RejectedDevice(device.deviceId(), "its key or certificate is not base64url"));
                continue;
            }
            boolean valid;
            try {
                valid = new DeviceCertificate(realm(), entry.userId(), device.deviceId(), deviceKey, device.createdAt())
                        .verify(identityKey, certificate);
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            if (valid) {
                verified.add(new VerifiedDevice(device.deviceId(), deviceKey, Instant.ofEpochMilli(device.createdAt())));
            } else {
                rejected.add(new RejectedDevice(device.deviceId(), "its certificate is not signed by the user's identity key"));
            }
        }
        return new Verified(entry.userId(), entry.username(), fingerprint, firstSeen, previous, List.copyOf(verified),
                List.copyOf(rejected));
    }

    /** Trusts a user's current identity key from now on (after the person compared the fingerprint). */
    public Verified acceptIdentity(String userId) {
        AuthenticationServiceClient.DirectoryEntry entry = service.directory(userId);
        if (entry.identity() != null) {
            store.get().rememberIdentity(entry.userId(), entry.username(),
                    IdentityKeys.fingerprint(Base64Url.decode(entry.identity().publicKey())), entry.identity().publicKey(),
                    clock.instant());
        }
        return verify(entry);
    }

    private String realm() {
        if (realm == null) {
            realm = store.get().device().map(d -> d.realm()).orElseGet(() -> service.info().realm());
        }
        return realm;
    }
}
