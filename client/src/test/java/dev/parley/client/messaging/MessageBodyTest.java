package dev.parley.client.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The application payload's reading rules (docs/protocol.md, application messages). */
class MessageBodyTest {

    private static MessageBody decode(String json) {
        return MessageBody.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTextMessageRoundTrips() {
        MessageBody sent = MessageBody.text("hello", Instant.parse("2026-11-22T06:40:00Z"));

        assertThat(new String(sent.encode(), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"type\":\"text\",\"text\":\"hello\",\"sent_at\":\"2026-11-22T06:40:00Z\"}");
        assertThat(MessageBody.decode(sent.encode())).isEqualTo(sent);
    }

    @Test
    void anUnknownTypeShowsItsTextOrNothingAndUnknownFieldsAreIgnored() {
        MessageBody file = decode("{\"v\":1,\"type\":\"file\",\"text\":\"sent a file: plan.pdf\",\"file\":{\"size\":3}}");
        MessageBody reaction = decode("{\"v\":1,\"type\":\"reaction\",\"emoji\":\"+1\",\"to_msg_id\":\"m-1\"}");

        assertThat(file.shown()).isTrue();
        assertThat(file.text()).isEqualTo("sent a file: plan.pdf");
        assertThat(reaction.shown()).isFalse();
        assertThat(file.needsNewerClient()).isFalse();
    }

    @Test
    void aNewerVersionIsNotReadAsText() {
        assertThat(decode("{\"v\":2,\"type\":\"text\",\"text\":\"x\"}").needsNewerClient()).isTrue();
    }

    @Test
    void plaintextThatIsNotABodyIsShownAsText() {
        assertThat(decode("just words").text()).isEqualTo("just words");
        assertThat(decode("{\"v\":1}").text()).isEqualTo("{\"v\":1}");
    }
}
