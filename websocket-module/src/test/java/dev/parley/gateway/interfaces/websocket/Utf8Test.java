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
}
