package dev.parley.client.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.http.JsonHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefillOnLowWaterTest {

    private final List<JsonNode> passedOn = new ArrayList<>();
    private final ConnectionListener printer = new ConnectionListener() {
        @Override
        public void frame(JsonNode frame) {
            passedOn.add(frame);
        }
    };

    @Test
    void theLowWaterPushRefillsAndIsPassedOn() throws Exception {
        Semaphore refills = new Semaphore(0);
        RefillOnLowWater listener = new RefillOnLowWater(printer, refills::release);

        listener.frame(frame("{\"type\":\"presence\",\"user_id\":\"u\",\"status\":\"online\"}"));
        listener.frame(frame("{\"type\":\"key_packages_low\",\"device_id\":\"laptop\",\"remaining\":9}"));

        assertThat(refills.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(refills.tryAcquire(200, TimeUnit.MILLISECONDS)).as("only the push refills").isFalse();
        assertThat(passedOn).extracting(f -> f.get("type").asText()).containsExactly("presence", "key_packages_low");
    }

    @Test
    void aReconnectRefillsButTheFirstConnectDoesNot() throws Exception {
        Semaphore refills = new Semaphore(0);
        RefillOnLowWater listener = new RefillOnLowWater(printer, refills::release);
        Connected connected = new Connected("gw", "s1", "u", "laptop", 1);

        listener.connected(connected);
        assertThat(refills.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();
        listener.connected(connected);
        assertThat(refills.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void pushesDuringARefillDoNotPileUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        RefillOnLowWater listener = new RefillOnLowWater(printer, () -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        JsonNode low = frame("{\"type\":\"key_packages_low\",\"device_id\":\"laptop\",\"remaining\":3}");

        listener.frame(low);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            listener.frame(low);
        }
        release.countDown();
        Thread.sleep(300);

        assertThat(runs.get()).as("one running, at most one queued").isEqualTo(2);
    }

    private static JsonNode frame(String json) throws Exception {
        return JsonHttp.JSON.readTree(json);
    }
}
