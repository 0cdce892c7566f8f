package dev.parley.client.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.device.DeviceKeys;
import dev.parley.client.state.Sealing;
import dev.parley.protocol.mls.tls.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MLS groups as the client keeps them: every step goes through the stored bytes, as across processes. */
class MlsGroupTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final DeviceKeys alice = keys("alice", "laptop");
    private final DeviceKeys bob = keys("bob", "phone");
    private final DeviceKeys carol = keys("carol", "desk");

    @Test
    void aGroupSurvivesEveryStepThroughItsStoredBytes() {
        MlsGroup aliceGroup = MlsGroup.create(alice, "g-1".getBytes(StandardCharsets.UTF_8), NOW);
        GeneratedKeyPackage bobPackage = KeyPackageFactory.generate(bob, 1, false, NOW).get(0);
        GeneratedKeyPackage carolPackage = KeyPackageFactory.generate(carol, 1, false, NOW).get(0);

        MlsGroup.PendingCommit adds = aliceGroup.commit(List.of(bobPackage.message().toByteArray(),
                carolPackage.message().toByteArray()), List.of());
        aliceGroup = reload(aliceGroup, alice);
        aliceGroup.applyOwn(adds.commit(), GroupStateCodec.decode(GroupStateCodec.encode(adds.successor())));
        MlsGroup bobGroup = reload(MlsGroup.join(bob, adds.welcome(), bobPackage), bob);
        MlsGroup carolGroup = reload(MlsGroup.join(carol, adds.welcome(), carolPackage), carol);

        for (int i = 0; i < 20; i++) {
            byte[] fromAlice = aliceGroup.protect(("hi " + i).getBytes(StandardCharsets.UTF_8));
            aliceGroup = reload(aliceGroup, alice);
            bobGroup = reload(bobGroup, bob);
            assertThat(new String(bobGroup.unprotect(fromAlice), StandardCharsets.UTF_8)).isEqualTo("hi " + i);
            carolGroup = reload(carolGroup, carol);
            assertThat(new String(carolGroup.unprotect(fromAlice), StandardCharsets.UTF_8)).isEqualTo("hi " + i);
        }
        assertThat(aliceGroup.members()).extracting(MlsGroup.Member::userId).containsExactly("alice", "bob", "carol");
        assertThat(aliceGroup.members().get(1).signatureKey()).isEqualTo(bob.devicePublicKey());

        MlsGroup.PendingCommit removeCarol = aliceGroup.commit(List.of(), List.of(2L));
        assertThat(carolGroup.removesMe(removeCarol.commit())).isTrue();
        assertThat(bobGroup.removesMe(removeCarol.commit())).isFalse();
        aliceGroup.applyOwn(removeCarol.commit(), removeCarol.successor());
        bobGroup = reload(bobGroup, bob);
        bobGroup.handleCommit(removeCarol.commit());
        assertThat(Arrays.equals(reload(bobGroup, bob).epochAuthenticator(), aliceGroup.epochAuthenticator())).isTrue();

        byte[] afterRemoval = aliceGroup.protect("carol cannot read this".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(reload(bobGroup, bob).unprotect(afterRemoval), StandardCharsets.UTF_8)).isEqualTo("carol cannot read this");
        MlsGroup removed = carolGroup;
        assertThatThrownBy(() -> removed.unprotect(afterRemoval)).isInstanceOf(MlsException.class);
    }

    @Test
    void aConsumedMessageKeyStaysConsumedAfterAReload() {
        MlsGroup aliceGroup = MlsGroup.create(alice, "g-2".getBytes(StandardCharsets.UTF_8), NOW);
        GeneratedKeyPackage bobPackage = KeyPackageFactory.generate(bob, 1, false, NOW).get(0);
        MlsGroup.PendingCommit add = aliceGroup.commit(List.of(bobPackage.message().toByteArray()), List.of());
        aliceGroup.applyOwn(add.commit(), add.successor());
        MlsGroup bobGroup = MlsGroup.join(bob, add.welcome(), bobPackage);

        byte[] message = aliceGroup.protect("once".getBytes(StandardCharsets.UTF_8));
        bobGroup.unprotect(message);
        MlsGroup reloaded = reload(bobGroup, bob);

        assertThatThrownBy(() -> reloaded.unprotect(message)).isInstanceOf(MlsException.class);
    }

    @Test
    void stateOfAnotherFormatIsRefused() {
        assertThatThrownBy(() -> GroupStateCodec.decode("parley-mls-state/bcmls-9.99\nxyz".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MlsStateException.class).hasMessageContaining("format");
    }

    private static MlsGroup reload(MlsGroup group, DeviceKeys keys) {
        return MlsGroup.restore(group.encodeCurrent(), group.encodePrevious());
    }

    private static DeviceKeys keys(String user, String device) {
        return new DeviceKeys(user, Bytes.of(Sealing.randomBytes(32)), device, Bytes.of(Sealing.randomBytes(32)),
                Bytes.of(Sealing.randomBytes(32)));
    }
}
