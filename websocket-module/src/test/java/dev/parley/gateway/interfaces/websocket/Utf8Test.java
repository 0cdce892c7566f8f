package dev.parley.gateway.interfaces.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void countsUtf8BytesNotCharacters() {
        // é is 2 bytes, € 3, 😀 (a surrogate pair) 4: 9 bytes in 4 chars
        String text = "é€😀";
        assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length).isEqualTo(9);
    }

    @Test
    void asciiIsOneByteACharacter() {
        assertThat(Utf8.length("{\"type\":\"ping\"}")).isEqualTo(15);
        assertThat(Utf8.length("")).isZero();
    }

    @Test
    void exceedsDecidesByLengthAloneWhenItCanAndCountsBytesWhenItMust() {
        assertThat(Utf8.exceeds("x".repeat(10), 9)).isTrue();
        assertThat(Utf8.exceeds("x".repeat(3), 9)).isFalse();
        assertThat(Utf8.exceeds("€€€", 9)).as("9 bytes, exactly the limit").isFalse();
        assertThat(Utf8.exceeds("€€€€", 11)).as("12 bytes in 4 chars").isTrue();
        assertThat(Utf8.exceeds("xxxx", 11)).as("4 bytes in 4 chars").isFalse();
        assertThat(Utf8.exceeds("é€😀", 8)).as("9 bytes").isTrue();
    }
}
