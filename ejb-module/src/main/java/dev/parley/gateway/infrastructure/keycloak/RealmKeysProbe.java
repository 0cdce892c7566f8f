package dev.parley.gateway.infrastructure.keycloak;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether the realm's signing keys (its JWKS) can be fetched right now. Tells "Keycloak is unreachable"
 * apart from "this token is bad", for readiness and for refusing tokens with the right error.
 */
@ApplicationScoped
public class RealmKeysProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REMEMBERED = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Inject
    GatewayConfig config;

    private volatile Result lastResult;
    private volatile long lastProbedAt;

    /** The outcome of one fetch of the JWKS. */
    public record Result(URI jwks, int status, String error) {

        public boolean reachable() {
            return status == 200;
        }
    }

    /**
     * The last outcome if it is at most a few seconds old, else a fresh one: bursts of bad tokens do not
     * turn into bursts of requests to Keycloak.
     */
    public Result recentProbe() {
        Result last = lastResult;
        if (last != null && System.nanoTime() - lastProbedAt < REMEMBERED.toNanos()) {
            return last;
        }
        return probe();
    }

    /** Fetches the JWKS now. */
    public Result probe() {
        Result result = fetch();
        lastResult = result;
        lastProbedAt = System.nanoTime();
        return result;
    }

    private Result fetch() {
        URI jwks = config.jwksUri();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(jwks).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Result(jwks, response.statusCode(), null);
        } catch (IOException e) {
            return new Result(jwks, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(jwks, -1, "interrupted");
        }
    }
}
