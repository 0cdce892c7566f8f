package dev.parley.client.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.state.StateDirectory;
import dev.parley.client.ws.Connected;
import dev.parley.client.ws.ConnectionListener;
import dev.parley.client.ws.FrameException;
import dev.parley.client.ws.RealtimeConnection;
import dev.parley.client.ws.Stopped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresenceOnConnectTest {

    private static final Connected CONNECTED = new Connected("gw", "s", "u", "laptop", 1);

    @TempDir
    Path home;

    private final List<ObjectNode> requests = new ArrayList<>();
    private final List<JsonNode> frames = new ArrayList<>();
    private CompletableFuture<JsonNode> answer = CompletableFuture.completedFuture(null);
    private final RealtimeConnection connection = new RealtimeConnection() {
        @Override
        public RealtimeConnection start() {
            return this;
        }

        @Override
        public CompletableFuture<Stopped> stopped() {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<JsonNode> request(ObjectNode frame) {
            requests.add(frame);
            return answer;
        }

        @Override
        public void close() {
        }
    };
    private final ConnectionListener printer = new ConnectionListener() {
        @Override
        public void frame(JsonNode frame) {
            frames.add(frame);
        }
    };

    @Test
    void theRememberedChoiceIsSetOnEveryConnection() {
        StateDirectory state = new StateDirectory(home);
        new PresencePreference("busy", true).save(state);
        PresenceOnConnect listener = new PresenceOnConnect(printer, PresencePreference.load(state));
        listener.attach(connection);

        listener.connected(CONNECTED);
        listener.connected(CONNECTED);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).toString()).isEqualTo("{\"type\":\"set_presence\",\"status\":\"busy\",\"invisible\":true}");
    }

    @Test
    void withoutAChoiceNothingIsSent() {
        PresenceOnConnect listener = new PresenceOnConnect(printer, PresencePreference.load(new StateDirectory(home)));
        listener.attach(connection);

        listener.connected(CONNECTED);

        assertThat(requests).isEmpty();
    }

    @Test
    void aRefusalIsReportedAsAnErrorFrame() {
        answer = CompletableFuture.failedFuture(new FrameException("rate_limited", "too many presence changes"));
        PresenceOnConnect listener = new PresenceOnConnect(printer, new PresencePreference("away", null));
        listener.attach(connection);

        listener.connected(CONNECTED);

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).get("error").asText()).isEqualTo("rate_limited");
        assertThat(frames.get(0).get("message").asText()).contains("parley presence set");
    }
}
