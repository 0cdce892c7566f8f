package dev.parley.protocol.mls;

import static dev.parley.protocol.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.framing.ContentType;
import dev.parley.protocol.mls.framing.PrivateMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.framing.SenderType;
import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.proposal.Commit;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code message-protection.json} (public framing signed over FramedContentTBS, private framing headers) and
 * {@code welcome.json} (a Welcome names the KeyPackageRef of the KeyPackage it was built for), cipher suite 1.
 */
class ProtectionAndWelcomeVectorTest {

    private static final CipherSuite SUITE_1 = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

    private static final Map<String, Object> PROTECTION = suite1("message-protection.json");
    private static final Map<String, Object> WELCOME = suite1("welcome.json");

    @Test
    void publicProposalAndCommitSignaturesVerifyOverFramedContentTbs() {
        Bytes groupContext = groupContext(PROTECTION);
        Bytes signer = Bytes.of(hex(PROTECTION, "signature_pub"));
        for (String key : new String[] {"proposal_pub", "commit_pub"}) {
            PublicMessage message = MlsMessage.parse(hex(PROTECTION, key)).bodyAs(PublicMessage.class);
            assertThat(message.content().sender().type()).isEqualTo(SenderType.MEMBER);
            assertThat(message.membershipTag()).isPresent();
            assertThat(message.verifySignature(SUITE_1, signer, Optional.of(groupContext))).as(key).isTrue();
            assertThatThrownBy(() -> message.verifySignature(SUITE_1, signer, Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void publicProposalCarriesTheVectorProposal() {
        PublicMessage message = MlsMessage.parse(hex(PROTECTION, "proposal_pub")).bodyAs(PublicMessage.class);
        Proposal expected = TlsReader.readExactly(hex(PROTECTION, "proposal"), Proposal::read);
        assertThat(message.content().proposal()).contains(expected);
        assertThat(message.removedLeaves()).isEqualTo(
                expected instanceof Proposal.Remove remove ? java.util.List.of(remove.removed()) : java.util.List.of());
    }

    @Test
    void publicCommitCarriesTheVectorCommit() {
        PublicMessage message = MlsMessage.parse(hex(PROTECTION, "commit_pub")).bodyAs(PublicMessage.class);
        assertThat(message.content().commit()).contains(Commit.parse(hex(PROTECTION, "commit")));
        assertThat(message.auth().confirmationTag()).isPresent();
    }

    @Test
    void privateMessagesExposeTheirHeader() {
        for (String key : new String[] {"proposal_priv", "commit_priv", "application_priv"}) {
            PrivateMessage message = MlsMessage.parse(hex(PROTECTION, key)).bodyAs(PrivateMessage.class);
            assertThat(message.groupId()).isEqualTo(Bytes.of(hex(PROTECTION, "group_id")));
            assertThat(message.epoch()).isEqualTo(TestVectors.number(PROTECTION, "epoch"));
        }
        assertThat(MlsMessage.parse(hex(PROTECTION, "application_priv")).bodyAs(PrivateMessage.class).contentType())
                .isEqualTo(ContentType.APPLICATION);
    }

    @Test
    void welcomeIsAddressedToTheKeyPackageRef() {
        KeyPackage keyPackage = MlsMessage.parse(hex(WELCOME, "key_package")).bodyAs(KeyPackage.class);
        Welcome welcome = MlsMessage.parse(hex(WELCOME, "welcome")).bodyAs(Welcome.class);
        assertThat(keyPackage.verifySignatures()).isTrue();
        assertThat(welcome.cipherSuite()).isEqualTo(SUITE_1);
        assertThat(welcome.recipients()).contains(keyPackage.ref());
    }

    /** GroupContext of the vector's group: mls10, the suite, and the given fields, no extensions. */
    private static Bytes groupContext(Map<String, Object> vector) {
        return new TlsWriter()
                .writeU16(MlsVersion.MLS10)
                .writeU16((int) TestVectors.number(vector, "cipher_suite"))
                .writeOpaque(Bytes.of(hex(vector, "group_id")))
                .writeU64(TestVectors.number(vector, "epoch"))
                .writeOpaque(Bytes.of(hex(vector, "tree_hash")))
                .writeOpaque(Bytes.of(hex(vector, "confirmed_transcript_hash")))
                .writeVarInt(0)
                .toBytes();
    }

    private static Map<String, Object> suite1(String file) {
        return TestVectors.load(file).stream()
                .filter(vector -> TestVectors.number(vector, "cipher_suite") == 1)
                .findFirst()
                .orElseThrow();
    }
}
