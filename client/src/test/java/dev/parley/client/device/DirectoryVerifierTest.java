package dev.parley.client.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.state.StateDirectory;
import dev.parley.client.store.DeviceRecord;
import dev.parley.client.store.LocalStore;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.device.IdentityKeys;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices are trusted only with a certificate by the identity key; an identity key change is reported. */
class DirectoryVerifierTest {

    @TempDir
    Path temp;

    private LocalStore store;
    private DirectoryVerifier verifier;

    @BeforeEach
    void open() {
        store = LocalStore.open(new StateDirectory(temp));
        store.saveDevice(new DeviceRecord("parley", "me", "me", "mine", "k", "fp", null, Instant.now(), null, null));
        verifier = new DirectoryVerifier(null, () -> store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void onlyCertifiedActiveDevicesAreTrusted() throws Exception {
        KeyPair identity = ed25519();
        KeyPair stranger = ed25519();
        var entry = entry(identity, List.of(device("phone", identity, false), device("forged", stranger, false),
                device("old", identity, true)));

        DirectoryVerifier.Verified verified = verifier.verify(entry);

        assertThat(verified.devices()).extracting(DirectoryVerifier.VerifiedDevice::deviceId).containsExactly("phone");
        assertThat(verified.rejected()).extracting(DirectoryVerifier.RejectedDevice::deviceId).containsExactly("forged");
        assertThat(verified.fingerprint()).isEqualTo(IdentityKeys.fingerprint(Ed25519Keys.raw(identity.getPublic())));
        assertThat(verified.identityChanged()).isFalse();
    }

    @Test
    void aChangedIdentityKeyIsReportedUntilAccepted() throws Exception {
        KeyPair first = ed25519();
        KeyPair second = ed25519();
        verifier.verify(entry(first, List.of()));

        DirectoryVerifier.Verified changed = verifier.verify(entry(second, List.of(device("phone", second, false))));
        DirectoryVerifier.Verified again = verifier.verify(entry(second, List.of()));

        assertThat(changed.identityChanged()).isTrue();
        assertThat(changed.previousFingerprint()).isEqualTo(IdentityKeys.fingerprint(Ed25519Keys.raw(first.getPublic())));
        assertThat(changed.devices()).hasSize(1);
        assertThat(again.identityChanged()).as("still reported: nothing accepted it").isTrue();
        store.rememberIdentity("bob-id", "bob", again.fingerprint(), "k", Instant.now());
        assertThat(verifier.verify(entry(second, List.of())).identityChanged()).isFalse();
    }

    private static AuthenticationServiceClient.DirectoryEntry entry(KeyPair identity, List<AuthenticationServiceClient.Device> devices) {
        Bytes key = Ed25519Keys.raw(identity.getPublic());
        return new AuthenticationServiceClient.DirectoryEntry("bob-id", "bob",
                new AuthenticationServiceClient.Identity(Base64Url.encode(key), IdentityKeys.fingerprint(key), 1L), devices);
    }

    private static AuthenticationServiceClient.Device device(String id, KeyPair signer, boolean revoked) throws Exception {
        Bytes deviceKey = Ed25519Keys.raw(ed25519().getPublic());
        long createdAt = 1_763_790_000_000L;
        Bytes certificate = new DeviceCertificate("parley", "bob-id", id, deviceKey, createdAt).sign(signer.getPrivate());
        return new AuthenticationServiceClient.Device(id, Base64Url.encode(deviceKey), 1, Base64Url.encode(certificate), createdAt,
                revoked, revoked ? createdAt + 1 : null, revoked ? "device_revoked" : null, null, null);
    }

    private static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
}
