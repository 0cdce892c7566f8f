package dev.parley.gateway.domain.model.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.TestVectors;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The Delivery Service's acceptance path for MLS bytes ({@link MlsInput}, the strict parser behind it) fed with
 * thousands of mutated RFC 9420 messages: each either parses or ends in a named error ({@code malformed_mls}, or
 * {@code mls_unsupported} for a well-formed message of a kind the gateway does not take) — never anything else.
 */
class MlsInputFuzzTest {

    private static final List<Map<String, Object>> VECTORS = TestVectors.load("messages.json");

    private record Kind(String vectorKey, BiFunction<String, byte[], Object> accept) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("public_message_commit", MlsInput::commit),
            new Kind("private_message", MlsInput::application),
            new Kind("mls_welcome", MlsInput::welcome),
            new Kind("mls_group_info", MlsInput::groupInfo));

    @Test
    void theUnmutatedVectorsAreAcceptedOrNamed() {
        for (Map<String, Object> vector : VECTORS.subList(0, 20)) {
            MlsInput.commit("commit", TestVectors.hex(vector, "public_message_commit"));
            MlsInput.welcome("welcome", TestVectors.hex(vector, "mls_welcome"));
            MlsInput.groupInfo("group_info", TestVectors.hex(vector, "mls_group_info"));
            outcome(() -> MlsInput.application("message", TestVectors.hex(vector, "private_message")));
        }
    }

    @Test
    void thousandsOfMutatedMessagesEndInNamedErrorsOnly() {
        Random random = new Random(9420);
        Map<ParleyError, Integer> seen = new EnumMap<>(ParleyError.class);
        int accepted = 0;
        int runs = 0;
        for (Map<String, Object> vector : VECTORS.subList(0, 25)) {
            for (Kind kind : KINDS) {
                byte[] original = TestVectors.hex(vector, kind.vectorKey());
                for (int i = 0; i < 60; i++) {
                    byte[] mutated = mutate(original, random);
                    runs++;
                    ParleyError error = outcome(() -> kind.accept().apply("m", mutated));
                    if (error == null) {
                        accepted++;
                    } else {
                        seen.merge(error, 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(runs).isGreaterThanOrEqualTo(5000);
        assertThat(seen.keySet()).containsOnly(ParleyError.MALFORMED_MLS, ParleyError.MLS_UNSUPPORTED);
        assertThat(seen.get(ParleyError.MALFORMED_MLS)).as("most mutations break the encoding").isGreaterThan(runs / 3);
        assertThat(accepted).isLessThan(runs);
    }

    @Test
    void aMessageOfAnotherKindIsMalformedForTheResourceItIsSentTo() {
        Map<String, Object> vector = VECTORS.get(0);
        assertThatThrownBy(() -> MlsInput.commit("commit", TestVectors.hex(vector, "mls_welcome")))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(ParleyError.MALFORMED_MLS));
        assertThatThrownBy(() -> MlsInput.groupInfo("group_info", TestVectors.hex(vector, "public_message_commit")))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(ParleyError.MALFORMED_MLS));
        assertThatThrownBy(() -> MlsInput.application("message", TestVectors.hex(vector, "public_message_application")))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(ParleyError.MLS_UNSUPPORTED));
        assertThatThrownBy(() -> MlsInput.commit("commit", new byte[0]))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(ParleyError.MALFORMED_MLS));
    }

    /** {@code null} when accepted, else the named error; anything else fails the test. */
    private static ParleyError outcome(Runnable accept) {
        try {
            accept.run();
            return null;
        } catch (ParleyException e) {
            return e.error();
        }
    }

    private static ParleyError outcome(java.util.function.Supplier<Object> accept) {
        return outcome((Runnable) accept::get);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3 -> {
                bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
                for (int i = original.length; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int at = random.nextInt(Math.min(bytes.length, 64));
                bytes[at] = (byte) (0x40 | random.nextInt(0x40));
            }
        }
        return bytes;
    }
}
