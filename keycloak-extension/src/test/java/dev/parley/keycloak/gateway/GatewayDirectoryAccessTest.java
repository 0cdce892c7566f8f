package dev.parley.keycloak.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayDirectoryAccessTest {

    private HttpServer gateway;
    private final AtomicReference<String> seenPath = new AtomicReference<>();
    private final AtomicReference<String> seenAuthorization = new AtomicReference<>();
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            seenPath.set(exchange.getRequestURI().getRawPath());
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    @Test
    void theGatewaysVerdictIsTheAnswer() {
        answer(200, "{\"user_id\":\"bob\",\"visible\":true}");
        assertThat(access().mayRead("Bearer t0ken", "bob")).isTrue();
        assertThat(seenPath.get()).isEqualTo("/parley/api/v1/directory-access/bob");
        assertThat(seenAuthorization.get()).isEqualTo("Bearer t0ken");

        answer(200, "{\"user_id\":\"bob\",\"visible\":false}");
        assertThat(access().mayRead("Bearer t0ken", "bob")).isFalse();
    }

    @Test
    void aTokenTheGatewayRefusesSeesNothing() {
        answer(401, "{\"error\":\"token_audience_mismatch\"}");
        assertThat(access().mayRead("Bearer other", "bob")).isFalse();
    }

    @Test
    void anythingButAVerdictIsDirectoryUnavailable() {
        answer(500, "{\"error\":\"internal_error\"}");
        assertUnavailable(access());
        answer(200, "<html>a proxy's page</html>");
        assertUnavailable(access());
        answer(200, "{\"visible\":\"yes\"}");
        assertUnavailable(access());
    }

    @Test
    void noOrAnUnreachableGatewayIsDirectoryUnavailable() {
        assertUnavailable(new GatewayDirectoryAccess(""));
        assertUnavailable(new GatewayDirectoryAccess(null));
        assertUnavailable(new GatewayDirectoryAccess("not a url at all"));
        int port = gateway.getAddress().getPort();
        gateway.stop(0);
        assertUnavailable(new GatewayDirectoryAccess("http://127.0.0.1:" + port + "/parley"));
    }

    private GatewayDirectoryAccess access() {
        return new GatewayDirectoryAccess("http://127.0.0.1:" + gateway.getAddress().getPort() + "/parley/");
    }

    private void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    private static void assertUnavailable(GatewayDirectoryAccess access) {
        assertThatThrownBy(() -> access.mayRead("Bearer t", "bob"))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.error()).isEqualTo(ParleyError.DIRECTORY_UNAVAILABLE));
    }
}
