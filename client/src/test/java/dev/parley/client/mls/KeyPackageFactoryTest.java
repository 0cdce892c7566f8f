package dev.parley.client.mls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.device.DeviceKeys;
import dev.parley.client.state.Sealing;
import dev.parley.client.store.StoredKeyPackage;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tree.Credential;
import dev.parley.protocol.mls.tree.Lifetime;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.Group;
import org.junit.jupiter.api.Test;

/**
 * This device's KeyPackages pass what the gateway checks (read with the protocol's strict parser), and the keys kept
 * for one (sealed, as in the local store) are enough to join a group from a Welcome to it.
 */
class KeyPackageFactoryTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceKeys keys = new DeviceKeys("8aec46d5-6137-4470-80f3-3df57c9526b2", Bytes.of(Sealing.randomBytes(32)),
            "laptop-1", Bytes.of(Sealing.randomBytes(32)), Bytes.of(Sealing.randomBytes(32)));

    @Test
    void keyPackagesCarryTheDeviceKeyAndIdentityAndABoundedLifetime() {
        Instant now = Instant.now();
        List<GeneratedKeyPackage> generated = KeyPackageFactory.generate(keys, 3, false, now);

        assertThat(generated).hasSize(3).extracting(GeneratedKeyPackage::ref).doesNotHaveDuplicates();
        for (GeneratedKeyPackage kp : generated) {
            KeyPackage parsed = MlsMessage.parse(kp.message().toByteArray()).bodyAs(KeyPackage.class);
            assertThat(parsed.verifySignatures()).isTrue();
            assertThat(parsed.ref().value().hex()).isEqualTo(kp.ref());
            assertThat(parsed.leafNode().signatureKey()).isEqualTo(keys.devicePublicKey());
            assertThat(((Credential.Basic) parsed.leafNode().credential()).identity())
                    .isEqualTo(Bytes.of((keys.userId() + "/laptop-1").getBytes(StandardCharsets.UTF_8)));
            Lifetime lifetime = parsed.leafNode().lifetime().orElseThrow();
            assertThat(lifetime.notBefore()).isLessThanOrEqualTo(now.getEpochSecond());
            assertThat(lifetime.notAfter() - lifetime.notBefore()).isLessThanOrEqualTo(Duration.ofDays(90).toSeconds());
            assertThat(lifetime.notAfter()).isGreaterThan(now.plus(Duration.ofDays(30)).getEpochSecond());
        }
    }

    @Test
    void theKeptKeysJoinAGroupFromAWelcome() throws Exception {
        GeneratedKeyPackage generated = KeyPackageFactory.generate(keys, 1, false, Instant.now()).get(0);
        StoredKeyPackage stored = KeyPackagePool.stored(generated, keys.storeKey(), Instant.now());
        GeneratedKeyPackage reopened = KeyPackagePool.open(stored, keys.storeKey());
        var suite = KeyPackageFactory.SUITE;

        MlsLock.locked(() -> {
            // alice, another bcmls client, creates a group and adds this device's KeyPackage
            AsymmetricCipherKeyPair aliceSigning = suite.generateSignatureKeyPair();
            byte[] aliceSignatureKey = suite.serializeSignaturePrivateKey(aliceSigning.getPrivate());
            AsymmetricCipherKeyPair aliceHpke = suite.getHPKE().generatePrivateKey();
            LeafNode aliceLeaf = new LeafNode(suite, suite.getHPKE().serializePublicKey(aliceHpke.getPublic()),
                    suite.serializeSignaturePublicKey(aliceSigning.getPublic()),
                    org.bouncycastle.mls.codec.Credential.forBasic("alice/phone".getBytes(StandardCharsets.UTF_8)),
                    new Capabilities(), new LifeTime(), new ArrayList<Extension>(), aliceSignatureKey);
            Group alice = new Group("room".getBytes(StandardCharsets.UTF_8), suite, aliceHpke, aliceSignatureKey, aliceLeaf,
                    new ArrayList<Extension>());
            org.bouncycastle.mls.codec.KeyPackage ours =
                    ((MLSMessage) MLSInputStream.decode(reopened.message().toByteArray(), MLSMessage.class)).keyPackage;
            List<Proposal> proposals = new ArrayList<>();
            proposals.add(Proposal.add(ours));
            Group.GroupWithMessage committed = alice.commit(secret(), new Group.CommitOptions(proposals, true, false, null),
                    new Group.MessageOptions(), new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
            Group aliceNext = committed.group;

            Group joined = new Group(reopened.initPrivateKey().toByteArray(),
                    suite.getHPKE().deserializePrivateKey(reopened.encryptionPrivateKey().toByteArray(),
                            reopened.encryptionPublicKey().toByteArray()),
                    keys.deviceSeed().toByteArray(), ours, committed.message.welcome, null, new HashMap<>(), new HashMap<>());

            assertThat(joined.getEpoch()).isEqualTo(aliceNext.getEpoch());
            byte[] sealed = MLSOutputStream.encode(aliceNext.protect(new byte[0], "hello".getBytes(StandardCharsets.UTF_8), 0));
            byte[][] opened = joined.unprotect((MLSMessage) MLSInputStream.decode(sealed, MLSMessage.class));
            assertThat(java.util.Arrays.stream(opened).map(part -> new String(part, StandardCharsets.UTF_8))).contains("hello");
            return null;
        });
    }

    private static Secret secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Secret(bytes);
    }
}
