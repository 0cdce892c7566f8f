package dev.parley.protocol.mls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.mls.framing.ContentType;
import dev.parley.protocol.mls.framing.PrivateMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.framing.SenderType;
import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.keypackage.KeyPackageRef;
import dev.parley.protocol.mls.tls.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.protocol.Group;
import org.junit.jupiter.api.Test;

/**
 * Messages produced by Bouncy Castle's MLS implementation (bcmls, test scope only) parse with our reader, and our
 * KeyPackageRef equals bcmls's. bcmls objects are not thread-safe: each test builds its own.
 */
class BouncyCastleInteropTest {

    private static final MlsCipherSuite SUITE = BcmlsDevice.SUITE;

    @Test
    void keyPackageCommitWelcomeAndPrivateMessageParse() throws Exception {
        BcmlsDevice alice = new BcmlsDevice("alice");
        BcmlsDevice bob = new BcmlsDevice("bob");

        byte[] bobKeyPackageMessage = MLSOutputStream.encode(MLSMessage.keyPackage(bob.keyPackage));
        KeyPackage bobKeyPackage = MlsMessage.parse(bobKeyPackageMessage).bodyAs(KeyPackage.class);
        assertThat(bobKeyPackage.verifySignatures()).isTrue();
        KeyPackageRef expectedRef = new KeyPackageRef(Bytes.of(
                SUITE.refHash(MLSOutputStream.encode(bob.keyPackage), "MLS 1.0 KeyPackage Reference")));
        assertThat(bobKeyPackage.ref()).isEqualTo(expectedRef);

        Group group = new Group("interop".getBytes(StandardCharsets.UTF_8), SUITE, alice.hpke, alice.signatureKey,
                alice.leaf, new ArrayList<Extension>());
        List<Proposal> proposals = new ArrayList<>();
        proposals.add(Proposal.add(bob.keyPackage));
        Group.GroupWithMessage committed = group.commit(BcmlsDevice.randomSecret(),
                new Group.CommitOptions(proposals, true, false, null), new Group.MessageOptions(),
                new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));

        PublicMessage commit = MlsMessage.parse(MLSOutputStream.encode(committed.message)).bodyAs(PublicMessage.class);
        assertThat(commit.content().contentType()).isEqualTo(ContentType.COMMIT);
        assertThat(commit.content().sender().type()).isEqualTo(SenderType.MEMBER);
        assertThat(commit.addedKeyPackages()).containsExactly(bobKeyPackage);
        assertThat(commit.removedLeaves()).isEmpty();

        MLSMessage welcomeMessage = new MLSMessage(WireFormat.mls_welcome);
        welcomeMessage.welcome = committed.message.welcome;
        Welcome welcome = MlsMessage.parse(MLSOutputStream.encode(welcomeMessage)).bodyAs(Welcome.class);
        assertThat(welcome.recipients()).containsExactly(expectedRef);

        byte[] application = MLSOutputStream.encode(committed.group.protect(
                "aad".getBytes(StandardCharsets.UTF_8), "hello".getBytes(StandardCharsets.UTF_8), 0));
        PrivateMessage message = MlsMessage.parse(application).bodyAs(PrivateMessage.class);
        assertThat(message.contentType()).isEqualTo(ContentType.APPLICATION);
        assertThat(message.groupId()).isEqualTo(Bytes.of("interop".getBytes(StandardCharsets.UTF_8)));
        assertThat(message.epoch()).isEqualTo(committed.group.getEpoch());
        assertThat(message.authenticatedData()).isEqualTo(Bytes.of("aad".getBytes(StandardCharsets.UTF_8)));
    }

}
