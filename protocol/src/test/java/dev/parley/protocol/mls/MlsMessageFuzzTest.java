package dev.parley.protocol.mls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.mls.tls.MlsDecodeException;
import java.util.Arrays;

/**
 * Fuzzes the strict RFC 9420 reader at the Delivery Service's door: whatever bytes arrive, {@link MlsMessage#parse}
 * either returns a message whose {@code raw} is exactly those bytes, or throws {@link MlsDecodeException} with an
 * offset inside them (which the gateway answers with {@code malformed_mls}). Any other throwable (an index out of
 * bounds, a negative array size, memory exhausted by a length prefix, a stack overflow) is a finding.
 *
 * <p>Inputs: {@code MlsMessageFuzzTestInputs/parse/}, seeded with the MLSMessages of every wire format from the RFC
 * 9420 interoperability vectors ({@code messages.json}); a crash found by fuzzing is added there and stays.
 */
class MlsMessageFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] data) {
        MlsMessage message;
        try {
            message = MlsMessage.parse(data);
        } catch (MlsDecodeException e) {
            if (e.offset() < 0 || e.offset() > data.length) {
                throw new AssertionError("offset " + e.offset() + " outside an input of " + data.length + " bytes", e);
            }
            return;
        }
        if (!Arrays.equals(message.raw().toByteArray(), data)) {
            throw new AssertionError("raw is not the input");
        }
        if (message.body() == null || message.wireFormat() == null) {
            throw new AssertionError("parsed without a body");
        }
    }
}
