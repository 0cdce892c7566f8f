package dev.parley.protocol.mls;

import static dev.parley.protocol.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.mls.framing.ContentType;
import dev.parley.protocol.mls.framing.PrivateMessage;
import dev.parley.protocol.mls.framing.PublicMessage;
import dev.parley.protocol.mls.group.GroupInfo;
import dev.parley.protocol.mls.group.GroupSecrets;
import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.proposal.Commit;
import dev.parley.protocol.mls.proposal.PreSharedKeyId;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tls.TlsWriter;
import dev.parley.protocol.mls.tree.Extensions;
import dev.parley.protocol.mls.tree.LeafNode;
import dev.parley.protocol.mls.tree.LeafNodeSource;
import dev.parley.protocol.mls.tree.RatchetTree;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every serialized structure of {@code messages.json} parses, and parsing accounts for every byte
 * ({@link TlsReader#readExactly} rejects trailing bytes, and {@code raw} equals the input where it is kept).
 */
class MessagesVectorTest {

    private static final List<Map<String, Object>> VECTORS = TestVectors.load("messages.json");

    static Stream<Arguments> vectors() {
        return IntStream.range(0, VECTORS.size()).mapToObj(i -> Arguments.of(i, VECTORS.get(i)));
    }

    @Test
    void holdsManyVectors() {
        assertThat(VECTORS).hasSizeGreaterThan(100);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void welcome(int index, Map<String, Object> vector) {
        byte[] data = hex(vector, "mls_welcome");
        Welcome welcome = parseMessage(data, WireFormat.WELCOME).bodyAs(Welcome.class);
        assertThat(welcome.recipients()).isNotEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void groupInfo(int index, Map<String, Object> vector) {
        byte[] data = hex(vector, "mls_group_info");
        GroupInfo groupInfo = parseMessage(data, WireFormat.GROUP_INFO).bodyAs(GroupInfo.class);
        assertThat(groupInfo.raw().toByteArray()).isEqualTo(Arrays.copyOfRange(data, 4, data.length));
        assertThat(signedThenSignature(groupInfo.signedContent(), groupInfo.signature())).isEqualTo(groupInfo.raw());
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void keyPackage(int index, Map<String, Object> vector) {
        byte[] data = hex(vector, "mls_key_package");
        KeyPackage keyPackage = parseMessage(data, WireFormat.KEY_PACKAGE).bodyAs(KeyPackage.class);
        assertThat(keyPackage.raw().toByteArray()).isEqualTo(Arrays.copyOfRange(data, 4, data.length));
        assertThat(signedThenSignature(keyPackage.signedContent(), keyPackage.signature()))
                .isEqualTo(keyPackage.raw());
        assertThat(keyPackage.leafNode().source()).isEqualTo(LeafNodeSource.KEY_PACKAGE);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void publicMessageApplication(int index, Map<String, Object> vector) {
        PublicMessage message = parseMessage(hex(vector, "public_message_application"), WireFormat.PUBLIC_MESSAGE)
                .bodyAs(PublicMessage.class);
        assertThat(message.content().contentType()).isEqualTo(ContentType.APPLICATION);
        assertThat(message.content().applicationData()).isPresent();
        assertThat(message.auth().confirmationTag()).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void publicMessageProposal(int index, Map<String, Object> vector) {
        PublicMessage message = parseMessage(hex(vector, "public_message_proposal"), WireFormat.PUBLIC_MESSAGE)
                .bodyAs(PublicMessage.class);
        assertThat(message.content().contentType()).isEqualTo(ContentType.PROPOSAL);
        assertThat(message.content().proposal()).isPresent();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void publicMessageCommit(int index, Map<String, Object> vector) {
        PublicMessage message = parseMessage(hex(vector, "public_message_commit"), WireFormat.PUBLIC_MESSAGE)
                .bodyAs(PublicMessage.class);
        assertThat(message.content().contentType()).isEqualTo(ContentType.COMMIT);
        assertThat(message.auth().confirmationTag()).isPresent();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void privateMessage(int index, Map<String, Object> vector) {
        PrivateMessage message = parseMessage(hex(vector, "private_message"), WireFormat.PRIVATE_MESSAGE)
                .bodyAs(PrivateMessage.class);
        assertThat(message.ciphertext().isEmpty()).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("vectors")
    void standaloneParts(int index, Map<String, Object> vector) {
        RatchetTree tree = TlsReader.readExactly(hex(vector, "ratchet_tree"), RatchetTree::read);
        assertThat(tree.nodes()).isNotEmpty();
        TlsReader.readExactly(hex(vector, "group_secrets"), GroupSecrets::read);
        KeyPackage added = TlsReader.readExactly(hex(vector, "add_proposal"), KeyPackage::read);
        assertThat(added.raw().toByteArray()).isEqualTo(hex(vector, "add_proposal"));
        TlsReader.readExactly(hex(vector, "update_proposal"),
                reader -> LeafNode.readWithSource(reader, LeafNodeSource.UPDATE, "Update.leaf_node"));
        TlsReader.readExactly(hex(vector, "remove_proposal"), reader -> reader.readU32("Remove.removed"));
        TlsReader.readExactly(hex(vector, "pre_shared_key_proposal"), PreSharedKeyId::read);
        TlsReader.readExactly(hex(vector, "re_init_proposal"), Proposal.ReInit::read);
        TlsReader.readExactly(hex(vector, "external_init_proposal"),
                reader -> reader.readOpaque("ExternalInit.kem_output"));
        TlsReader.readExactly(hex(vector, "group_context_extensions_proposal"),
                reader -> Extensions.read(reader, "GroupContextExtensions.extensions"));
        Commit.parse(hex(vector, "commit"));
    }

    /** Suite 1 vectors carry real signatures: the KeyPackage's two, and the GroupInfo's by the leaf it names. */
    @Test
    void signaturesOfSupportedSuiteVerifyOverReceivedBytes() {
        int supported = 0;
        for (Map<String, Object> vector : VECTORS) {
            KeyPackage keyPackage = MlsMessage.parse(hex(vector, "mls_key_package")).bodyAs(KeyPackage.class);
            GroupInfo groupInfo = MlsMessage.parse(hex(vector, "mls_group_info")).bodyAs(GroupInfo.class);
            if (!keyPackage.cipherSuite().isSupported()) {
                continue;
            }
            supported++;
            assertThat(keyPackage.verifyLeafSignature()).isTrue();
            assertThat(keyPackage.verifyKeyPackageSignature()).isTrue();
            RatchetTree tree = TlsReader.readExactly(hex(vector, "ratchet_tree"), RatchetTree::read);
            LeafNode signer = (LeafNode) tree.nodes().get((int) (2 * groupInfo.signer())).orElseThrow();
            assertThat(groupInfo.verifySignature(signer.signatureKey())).isTrue();
            assertThat(groupInfo.verifySignature(keyPackage.leafNode().signatureKey())
                    && !signer.signatureKey().equals(keyPackage.leafNode().signatureKey())).isFalse();
        }
        assertThat(supported).isPositive();
    }

    /** The signed prefix followed by {@code opaque signature<V>}: must rebuild the received bytes exactly. */
    private static Bytes signedThenSignature(Bytes signedContent, Bytes signature) {
        return new TlsWriter().writeRaw(signedContent).writeOpaque(signature).toBytes();
    }

    private static MlsMessage parseMessage(byte[] data, WireFormat expected) {
        MlsMessage message = MlsMessage.parse(data);
        assertThat(message.version()).isEqualTo(MlsVersion.MLS10);
        assertThat(message.wireFormat()).isEqualTo(expected);
        assertThat(message.raw()).isEqualTo(Bytes.of(data));
        return message;
    }
}
