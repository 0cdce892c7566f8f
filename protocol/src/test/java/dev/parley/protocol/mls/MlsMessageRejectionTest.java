package dev.parley.protocol.mls;

import static dev.parley.protocol.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.protocol.mls.group.Welcome;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.proposal.Commit;
import dev.parley.protocol.mls.tls.MlsDecodeException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed input is always rejected with an {@link MlsDecodeException} naming the reason and the offset. */
class MlsMessageRejectionTest {

    private static final Map<String, Object> VECTOR = TestVectors.load("messages.json").get(0);
    private static final List<String> MESSAGE_KEYS = List.of("mls_welcome", "mls_group_info", "mls_key_package",
            "public_message_application", "public_message_proposal", "public_message_commit", "private_message");

    @Test
    void rejectsWrongVersion() {
        byte[] data = hex(VECTOR, "mls_key_package");
        data[1] = 2;

        assertRejected(data, 0, "MLSMessage.version: unsupported protocol version 2, expected mls10 (1)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 0xffff})
    void rejectsUnknownWireFormat(int wireFormat) {
        byte[] data = hex(VECTOR, "mls_key_package");
        data[2] = (byte) (wireFormat >>> 8);
        data[3] = (byte) wireFormat;

        assertRejected(data, 2, "MLSMessage.wire_format: unknown WireFormat value " + wireFormat);
    }

    @Test
    void rejectsTrailingByte() {
        for (String key : MESSAGE_KEYS) {
            byte[] data = hex(VECTOR, key);
            byte[] withTrailing = Arrays.copyOf(data, data.length + 1);

            assertRejected(withTrailing, data.length, "1 trailing byte(s) after the end of the structure");
        }
    }

    @Test
    void rejectsEveryTruncation() {
        for (String key : MESSAGE_KEYS) {
            byte[] data = hex(VECTOR, key);
            for (int length = 0; length < data.length; length++) {
                byte[] truncated = Arrays.copyOf(data, length);
                assertThatThrownBy(() -> MlsMessage.parse(truncated))
                        .as("%s truncated to %d bytes", key, length)
                        .isInstanceOf(MlsDecodeException.class);
            }
        }
    }

    @Test
    void rejectsVectorLengthBeyondInput() {
        // KeyPackage whose init_key claims 16383 bytes.
        byte[] data = HexFormat.of().parseHex("0001" + "0005" + "0001" + "0001" + "7fff" + "00");

        assertRejected(data, 8, "KeyPackage.init_key: vector length 16383 exceeds the 1 remaining byte(s)");
    }

    @Test
    void rejectsNonMinimalLengthInsideMessage() {
        // PrivateMessage whose group_id length 1 is sent in two bytes.
        byte[] data = HexFormat.of().parseHex("0001" + "0002" + "4001" + "aa");

        assertRejected(data, 4, "PrivateMessage.group_id length: variable-length integer 1 is not minimally encoded");
    }

    @Test
    void rejectsOptionalPresenceOtherThanZeroOrOne() {
        assertThatThrownBy(() -> Commit.parse(HexFormat.of().parseHex("00" + "02")))
                .isInstanceOf(MlsDecodeException.class)
                .hasMessage("Commit.path: optional presence byte must be 0 or 1, got 2 (at byte offset 1)");
    }

    /** Every single-byte corruption either still parses or fails with the one decode exception, never anything else. */
    @Test
    void corruptedBytesFailOnlyWithDecodeException() {
        for (String key : MESSAGE_KEYS) {
            byte[] data = hex(VECTOR, key);
            for (int position = 0; position < data.length; position++) {
                for (int mask : new int[] {0x01, 0x40, 0x80, 0xff}) {
                    byte[] corrupted = data.clone();
                    corrupted[position] ^= (byte) mask;
                    try {
                        MlsMessage.parse(corrupted);
                    } catch (MlsDecodeException expected) {
                        assertThat(expected.offset()).isBetween(0, corrupted.length);
                    } catch (RuntimeException unexpected) {
                        fail(key + " with byte " + position + " ^ " + mask + " threw " + unexpected, unexpected);
                    }
                }
            }
        }
    }

    @Test
    void refusesToCastBodyToAnotherKind() {
        MlsMessage message = MlsMessage.parse(hex(VECTOR, "mls_welcome"));

        assertThat(message.bodyAs(Welcome.class).recipients()).isNotEmpty();
        assertThatThrownBy(() -> message.bodyAs(KeyPackage.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the message is a WELCOME, not a KeyPackage");
    }

    private static void assertRejected(byte[] data, int offset, String reasonPrefix) {
        assertThatThrownBy(() -> MlsMessage.parse(data))
                .isInstanceOf(MlsDecodeException.class)
                .satisfies(e -> {
                    MlsDecodeException decode = (MlsDecodeException) e;
                    assertThat(decode.reason()).startsWith(reasonPrefix);
                    assertThat(decode.offset()).isEqualTo(offset);
                });
    }
}
