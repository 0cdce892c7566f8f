package dev.parley.gateway.interfaces.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportConfigTest {

    @Test
    void aTextMessageHoldsACommitFrameWithThreeMlsMessagesAtTheEnvelopeLimit() {
        int envelope = 262_144; // the default parley.mailbox.max-envelope-bytes
        int base64url = (envelope + 2) / 3 * 4;
        assertThat(TransportConfig.maxTextMessageBytes(envelope)).isEqualTo(1_114_112)
                .isGreaterThan(3 * base64url + 1_000);
        assertThat(TransportConfig.maxTextMessageBytes(1_048_576)).isEqualTo(4 * 1_048_576 + 65_536);
    }

    @Test
    void neverLessThanOneMebibyteNorMoreThanAStringHolds() {
        assertThat(TransportConfig.maxTextMessageBytes(1)).isEqualTo(1_048_576);
        assertThat(TransportConfig.maxTextMessageBytes(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE - 8);
    }
}
