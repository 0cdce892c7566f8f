package dev.parley.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a server to answer. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /** The status of a GET, or -1 when nothing answers. */
    public static int status(URI uri) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Polls {@code uri} until it answers 200. Fails early when {@code stillRunning} turns false (the server
     * died) or the timeout passes; {@code progress} is called about every second for a progress display.
     */
    public static void awaitOk(String what, URI uri, Duration timeout, BooleanSupplier stillRunning, Runnable progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status(uri) != 200) {
            if (!stillRunning.getAsBoolean()) {
                throw new StackException(what + " stopped before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(what + " was not ready after " + timeout.toSeconds() + " s (" + uri + ")");
            }
            progress.run();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("Interrupted while waiting for " + what);
            }
        }
    }
}
