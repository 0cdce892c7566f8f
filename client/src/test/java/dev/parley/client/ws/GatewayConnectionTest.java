package dev.parley.client.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pure parts of {@link GatewayConnection}: the WebSocket address and the reconnect backoff. */
class GatewayConnectionTest {

    @Test
    void theSocketLivesBesideTheRestApi() {
        assertThat(GatewayConnection.webSocketUri(URI.create("https://chat.example.com/parley/")))
                .isEqualTo(URI.create("wss://chat.example.com/parley/ws"));
        assertThat(GatewayConnection.webSocketUri(URI.create("http://localhost:8280/parley")))
                .isEqualTo(URI.create("ws://localhost:8280/parley/ws"));
    }

    @Test
    void backoffDoublesFromOneSecondUpToAMinuteWithJitter() {
        for (int i = 0; i < 100; i++) {
            assertThat(GatewayConnection.backoff(0)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
            assertThat(GatewayConnection.backoff(3)).isBetween(Duration.ofMillis(6400), Duration.ofMillis(9600));
            assertThat(GatewayConnection.backoff(30)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));
        }
    }
}
