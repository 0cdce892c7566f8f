package dev.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.state.StateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file store: schema versioning, owner-only files, the device row, KeyPackage states and cursors. */
class LocalStoreTest {

    @TempDir
    Path temp;

    @Test
    void aNewStoreIsAtTheLatestSchemaInOwnerOnlyFiles() throws Exception {
        StateDirectory state = new StateDirectory(temp.resolve("state"));
        try (LocalStore store = LocalStore.open(state)) {
            assertThat(store.schemaVersion()).isEqualTo(LocalStore.MIGRATIONS.size());
        }
        try (var files = Files.list(state.root())) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
            }
        }
        try (LocalStore reopened = LocalStore.open(state)) {
            assertThat(reopened.schemaVersion()).isEqualTo(LocalStore.MIGRATIONS.size());
        }
    }

    @Test
    void theDeviceIsKeptAndMarkedRevokedOnce() {
        try (LocalStore store = LocalStore.open(new StateDirectory(temp))) {
            assertThat(store.device()).isEmpty();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            store.saveDevice(new DeviceRecord("parley", "u1", "alice", "laptop", "key", "fp", "Laptop", now, null, null));

            store.markDeviceRevoked("device_deleted", now.plusSeconds(1));
            store.markDeviceRevoked("device_revoked", now.plusSeconds(2));

            DeviceRecord device = store.device().orElseThrow();
            assertThat(device.deviceId()).isEqualTo("laptop");
            assertThat(device.revoked()).isTrue();
            assertThat(device.revocationReason()).isEqualTo("device_deleted");
            assertThat(device.revokedAt()).isEqualTo(now.plusSeconds(1));
        }
    }

    @Test
    void keyPackagesMoveFromPendingToUploadedOrAreForgotten() {
        try (LocalStore store = LocalStore.open(new StateDirectory(temp))) {
            Instant now = Instant.now();
            store.addKeyPackages(List.of(kp("aa", false, now), kp("bb", false, now), kp("cc", true, now)));

            store.markUploaded(List.of("aa", "cc"));
            store.deletePending(List.of("bb"));

            assertThat(store.countKeyPackages(StoredKeyPackage.State.UPLOADED, false)).isEqualTo(1);
            assertThat(store.countKeyPackages(StoredKeyPackage.State.UPLOADED, true)).isEqualTo(1);
            assertThat(store.keyPackage("bb")).isEmpty();
            assertThat(store.keyPackage("aa").orElseThrow().secrets()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void expiredKeyPackagesArePurged() {
        try (LocalStore store = LocalStore.open(new StateDirectory(temp))) {
            Instant now = Instant.now();
            store.addKeyPackages(List.of(kp("old", false, now.minusSeconds(3600)), kp("new", false, now.plusSeconds(3600))));

            assertThat(store.purgeExpiredKeyPackages(now)).isEqualTo(1);
            assertThat(store.keyPackage("new")).isPresent();
        }
    }

    @Test
    void cursorsOnlyMoveForward() {
        try (LocalStore store = LocalStore.open(new StateDirectory(temp))) {
            assertThat(store.cursor("mailbox")).isZero();
            store.advanceCursor("mailbox", 7);
            store.advanceCursor("mailbox", 5);
            assertThat(store.cursor("mailbox")).isEqualTo(7);
        }
    }

    @Test
    void scriptsSplitIntoStatements() {
        assertThat(LocalStore.statements("-- note\nCREATE TABLE a (x INT);\nCREATE TABLE b (\n  y INT\n);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)");
    }

    private static StoredKeyPackage kp(String ref, boolean lastResort, Instant notAfter) {
        return new StoredKeyPackage(ref, "msg", new byte[] {1, 2, 3}, lastResort, StoredKeyPackage.State.PENDING,
                Instant.now(), notAfter);
    }
}
