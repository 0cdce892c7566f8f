package dev.parley.gateway.interfaces.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextMessageBufferTest {

    @Test
    void aMessageInOnePartIsTakenAsItCame() {
        TextMessageBuffer buffer = new TextMessageBuffer(16);
        String part = "{\"type\":\"ping\"}";

        assertThat(buffer.append(part)).isTrue();

        assertThat(buffer.take()).isSameAs(part);
    }

    @Test
    void partsAreJoinedInOrderAndTheNextMessageStartsEmpty() {
        TextMessageBuffer buffer = new TextMessageBuffer(16);

        assertThat(buffer.append("ab")).isTrue();
        assertThat(buffer.append("cd")).isTrue();
        assertThat(buffer.append("")).isTrue();
        assertThat(buffer.take()).isEqualTo("abcd");

        assertThat(buffer.append("e")).isTrue();
        assertThat(buffer.take()).isEqualTo("e");
    }

    @Test
    void aMessageOfExactlyTheLimitIsTakenWholeOrInParts() {
        TextMessageBuffer buffer = new TextMessageBuffer(8);

        assertThat(buffer.append("x".repeat(8))).isTrue();
        assertThat(buffer.take()).hasSize(8);

        assertThat(buffer.append("x".repeat(5))).isTrue();
        assertThat(buffer.append("x".repeat(3))).isTrue();
        assertThat(buffer.take()).hasSize(8);
    }

    @Test
    void oneByteOverTheLimitIsRefusedWholeOrInParts() {
        assertThat(new TextMessageBuffer(8).append("x".repeat(9))).isFalse();

        TextMessageBuffer buffer = new TextMessageBuffer(8);
        assertThat(buffer.append("x".repeat(5))).isTrue();
        assertThat(buffer.append("x".repeat(4))).isFalse();
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        // é is 2 bytes, € 3, 😀 (a surrogate pair) 4: 9 bytes in 4 chars
        String text = "é€😀";
        assertThat(TextMessageBuffer.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length).isEqualTo(9);

        assertThat(new TextMessageBuffer(9).append(text)).isTrue();
        assertThat(new TextMessageBuffer(8).append(text)).isFalse();
    }

    @Test
    void aSurrogatePairSplitBetweenPartsCountsFourBytes() {
        String smiley = "😀";
        TextMessageBuffer buffer = new TextMessageBuffer(4);

        assertThat(buffer.append(smiley.substring(0, 1))).isTrue();
        assertThat(buffer.append(smiley.substring(1))).isTrue();
        assertThat(buffer.take()).isEqualTo(smiley);

        TextMessageBuffer tight = new TextMessageBuffer(3);
        assertThat(tight.append(smiley.substring(0, 1))).isTrue();
        assertThat(tight.append(smiley.substring(1))).isFalse();
    }

    @Test
    void onceTooBigEveryLaterPartIsRefused() {
        TextMessageBuffer buffer = new TextMessageBuffer(4);

        assertThat(buffer.append("12345")).isFalse();

        assertThat(buffer.append("1")).isFalse();
        assertThat(buffer.take()).isEmpty();
        assertThat(buffer.append("1")).isFalse();
    }
}
