package dev.parley.client.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.state.Sealing;
import dev.parley.client.state.StateDirectory;
import dev.parley.protocol.mls.tls.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keys.json: owner-only, plain or sealed with a passphrase; a wrong or missing passphrase opens nothing. */
class KeyVaultTest {

    @TempDir
    Path temp;

    private final DeviceKeys keys = new DeviceKeys("u1", Bytes.of(Sealing.randomBytes(32)), "laptop",
            Bytes.of(Sealing.randomBytes(32)), Bytes.of(Sealing.randomBytes(32)));

    @Test
    void plainKeysRoundTripOwnerOnly() throws Exception {
        StateDirectory state = new StateDirectory(temp);
        new KeyVault(state, PassphraseSource.NONE).save(keys, null);

        DeviceKeys loaded = new KeyVault(state, PassphraseSource.NONE).load().orElseThrow();

        assertThat(loaded).isEqualTo(keys);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.file(KeyVault.FILE)))).isEqualTo("rw-------");
    }

    @Test
    void sealedKeysNeedTheirPassphrase() throws Exception {
        StateDirectory state = new StateDirectory(temp);
        new KeyVault(state, PassphraseSource.NONE).save(keys, "correct horse".toCharArray());

        String file = Files.readString(state.file(KeyVault.FILE));
        assertThat(file).contains("\"encrypted\" : true").doesNotContain(dev.parley.protocol.device.Base64Url.encode(keys.deviceSeed()));
        assertThat(new KeyVault(state, confirm -> "correct horse".toCharArray()).load()).contains(keys);
        assertThatThrownBy(() -> new KeyVault(state, confirm -> "wrong".toCharArray()).load())
                .isInstanceOf(KeysLockedException.class).hasMessageContaining("does not open");
        assertThatThrownBy(() -> new KeyVault(state, PassphraseSource.NONE).load())
                .isInstanceOf(KeysLockedException.class).hasMessageContaining("no passphrase");
    }

    @Test
    void aRewriteKeepsTheKeysSealed() {
        StateDirectory state = new StateDirectory(temp);
        new KeyVault(state, PassphraseSource.NONE).save(keys, "pw".toCharArray());
        KeyVault vault = new KeyVault(state, confirm -> "pw".toCharArray());

        vault.save(keys.withDeviceId("phone"), vault.currentPassphrase());

        assertThat(new KeyVault(state, PassphraseSource.NONE).encrypted()).isTrue();
        assertThat(new KeyVault(state, confirm -> "pw".toCharArray()).load().orElseThrow().deviceId()).isEqualTo("phone");
    }
}
