package dev.parley.bench.echo;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * The delivery benchmark's reference: a bare WebSocket endpoint that sends every text frame straight back. It runs in
 * the same WildFly as the gateway, deployed by the benchmark only ({@code parley-bench-echo.war}, never part of
 * {@code parley.ear}), so its rate is what the server's WebSocket stack manages with no work behind a frame.
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public void echo(String text, Session session) throws IOException {
        session.getBasicRemote().sendText(text);
    }
}
