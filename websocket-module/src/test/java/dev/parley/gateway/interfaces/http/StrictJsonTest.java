package dev.parley.gateway.interfaces.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void theProtocolsJsonPasses() {
        assertThat(StrictJson.problem("{\"type\":\"commit\",\"removes\":[{\"user_id\":\"u\",\"device_id\":\"d\"}],\"seq\":-0}"))
                .isEmpty();
        assertThat(StrictJson.problem(" {\"seq\": 9223372036854775807, \"x\": 1.5e300, \"s\": \"\\u00e9\"}\n")).isEmpty();
        assertThat(StrictJson.problem("{\"a\":{\"a\":1}}")).as("equal keys in different objects").isEmpty();
    }

    @Test
    void nestingIsLimited() {
        assertThat(StrictJson.problem("{\"a\":" + "[".repeat(31) + "]".repeat(31) + "}")).isEmpty();
        assertThat(StrictJson.problem("{\"a\":" + "[".repeat(32) + "]".repeat(32) + "}")).get().asString().contains("deeper");
        assertThat(StrictJson.problem("{\"a\":" + "[".repeat(100_000))).get().asString().contains("deeper");
        assertThat(StrictJson.problem("[".repeat(100_000))).get().asString().contains("object");
    }

    @Test
    void hugeNumbersAreRefusedBeforeAnyoneComputesThem() {
        assertThat(StrictJson.problem("{\"seq\":1e999999}")).get().asString().contains("exponent");
        assertThat(StrictJson.problem("{\"seq\":1E+0000999}")).isEmpty();
        assertThat(StrictJson.problem("{\"seq\":" + "9".repeat(33) + "}")).get().asString().contains("characters");
        assertThat(StrictJson.problem("{\"seq\":NaN}")).get().asString().startsWith("Not valid JSON");
    }

    @Test
    void duplicateKeysTrailingGarbageAndNonObjectsAreRefused() {
        assertThat(StrictJson.problem("{\"seq\":1,\"seq\":2}")).get().asString().contains("twice");
        assertThat(StrictJson.problem("{\"seq\":1} {\"seq\":2}")).isPresent();
        assertThat(StrictJson.problem("{\"seq\":1}x")).isPresent();
        assertThat(StrictJson.problem("null")).get().asString().contains("object");
        assertThat(StrictJson.problem("[]")).get().asString().contains("object");
        assertThat(StrictJson.problem("")).isPresent();
        assertThat(StrictJson.problem("{\"seq\":")).isPresent();
    }

    @Test
    void bodiesMustBeUtf8() {
        assertThat(StrictJson.problem("{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(StrictJson.problem(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'})).contains("The body is not UTF-8.");
        assertThat(StrictJson.problem(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'})).contains("The body is not UTF-8.");
    }
}
