package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A client of the echo endpoint ({@link EchoDeployment}) that keeps {@link DeliverySocket#WINDOW} frames in flight,
 * as the delivery benchmark's senders do: the reference the delivery figures are set against.
 */
final class EchoSocket implements WebSocket.Listener {

    private final Semaphore window = new Semaphore(DeliverySocket.WINDOW);
    private WebSocket socket;

    static EchoSocket connect(HttpClient http, URI endpoint) throws Exception {
        EchoSocket client = new EchoSocket();
        client.socket = http.newWebSocketBuilder().buildAsync(endpoint, client).get(30, TimeUnit.SECONDS);
        return client;
    }

    /** Sends {@code frames} copies of {@code text}, each once fewer than the window are unanswered, then waits for all. */
    void run(String text, int frames) throws Exception {
        for (int i = 0; i < frames; i++) {
            if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the echo endpoint answered nothing for 60 s");
            }
            socket.sendText(text, true).get(30, TimeUnit.SECONDS);
        }
        if (!window.tryAcquire(DeliverySocket.WINDOW, 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("echoes missing after 120 s");
        }
        window.release(DeliverySocket.WINDOW);
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last) {
            window.release();
        }
        webSocket.request(1);
        return null;
    }
}
