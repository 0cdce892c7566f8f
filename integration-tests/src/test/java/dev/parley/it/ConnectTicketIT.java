package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPair;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Browsers open the realtime door with a single-use connect ticket in the address instead of a header. */
@ExtendWith(ParleyStack.class)
class ConnectTicketIT {

    private static URI gateway;
    private static AuthService auth;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        gateway = stack.wildfly().gatewayUri();
        auth = new AuthService(stack.keycloak());
    }

    private static String ticket(String token) {
        HttpResponse<String> response = HttpCalls.send("POST", gateway.resolve("api/v1/realtime/tickets"), token, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = HttpCalls.json(response);
        assertThat(body.get("expires_in_seconds").asLong()).isEqualTo(30);
        return body.get("ticket").asText();
    }

    @Test
    void aTicketOpensTheWebSocketOnceForItsUser() {
        AuthService.User user = auth.userWithIdentity();
        KeyPair device = auth.registerDevice(user, "browser");
        String ticket = ticket(user.token());

        GatewaySocketClient client = GatewaySocketClient.openWithTicket(gateway, ticket);
        JsonNode connected = client.connect(user.id(), "browser", device.getPrivate());
        assertThat(connected.get("type").asText()).isEqualTo("connected");
        assertThat(connected.get("user_id").asText()).isEqualTo(user.id());
        client.close();

        assertRefused(ticket);
    }

    @Test
    void anUnknownTicketIsRefused() {
        assertRefused("not-a-ticket");
    }

    @Test
    void aTicketDoesNotStandInForTheTokenOnTheRestApi() {
        AuthService.User user = auth.userWithIdentity();
        String ticket = ticket(user.token());

        HttpResponse<String> response = HttpCalls.get(gateway.resolve("api/v1/me?ticket=" + ticket), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(HttpCalls.json(response).get("error").asText()).isEqualTo("token_missing");
        // The ticket was not spent by the refused REST call.
        GatewaySocketClient.openWithTicket(gateway, ticket).close();
    }

    @Test
    void issuingATicketNeedsAToken() {
        HttpResponse<String> response = HttpCalls.send("POST", gateway.resolve("api/v1/realtime/tickets"), null, null);
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static void assertRefused(String ticket) {
        assertThatThrownBy(() -> GatewaySocketClient.openWithTicket(gateway, ticket))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> {
                    HttpResponse<?> response = ((WebSocketHandshakeException) e.getCause()).getResponse();
                    assertThat(response.statusCode()).isEqualTo(401);
                    assertThat(String.valueOf(response.body())).contains("ticket_invalid");
                });
    }
}
