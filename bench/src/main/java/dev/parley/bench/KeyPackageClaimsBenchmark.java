package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.mls.testing.KeyPackageBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code keypackage-claims}: 64 claimers claim one device's KeyPackages at once through the REST API. Measures claims
 * per second and checks the directory's invariant: every one-time KeyPackage is handed out at most once (zero double
 * claims), and the last-resort one only once the pool is empty.
 */
final class KeyPackageClaimsBenchmark implements Benchmark {

    private static final int CLAIMERS = 64;
    private static final int CLAIMS_EACH = 15;
    private static final int POOL = 800;

    @Override
    public String name() {
        return "keypackage-claims";
    }

    @Override
    public String description() {
        return CLAIMERS + " concurrent claimers, " + CLAIMS_EACH + " claims each, against one device's pool of " + POOL
                + " one-time KeyPackages (plus a last-resort one): claims/s and double claims (must be 0).";
    }

    @Override
    public BenchmarkResult run(BenchContext context) throws Exception {
        StackClient stack = new StackClient(context);
        StackClient.Device target = stack.newDevice("bench-kp", "phone");
        KeyPackageBuilder builder = new KeyPackageBuilder(target.key(),
                (target.userId() + "/" + target.deviceId()).getBytes(StandardCharsets.UTF_8));
        for (int uploaded = 0; uploaded < POOL; uploaded += 100) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(builder.build());
            }
            StackClient.require(stack.gateway("POST", "key-packages", target,
                    uploaded == 0 ? Map.of("key_packages", batch, "last_resort", builder.build()) : Map.of("key_packages", batch)), 200);
        }
        List<StackClient.Device> claimers = new ArrayList<>();
        for (int i = 0; i < CLAIMERS; i++) {
            claimers.add(stack.newDevice("bench-claimer", "laptop"));
        }

        List<String> oneTime = Collections.synchronizedList(new ArrayList<>());
        List<String> lastResort = Collections.synchronizedList(new ArrayList<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (StackClient.Device claimer : claimers) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < CLAIMS_EACH; i++) {
                    long begin = System.nanoTime();
                    HttpResponse<String> response = StackClient.require(stack.gateway("POST", "key-packages/claim", claimer,
                            Map.of("user_id", target.userId(), "device_ids", List.of(target.deviceId()))), 200);
                    latencies.add(System.nanoTime() - begin);
                    for (JsonNode claimed : StackClient.json(response).get("key_packages")) {
                        (claimed.get("last_resort").asBoolean() ? lastResort : oneTime).add(claimed.get("ref").asText());
                    }
                }
                return null;
            }));
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        pool.shutdown();

        int claims = CLAIMERS * CLAIMS_EACH;
        Set<String> distinct = new HashSet<>(oneTime);
        Table table = new Table("claimers", "claims", "one-time handed out", "double claims", "last resort", "seconds",
                "claims/s", "p50 ms", "p99 ms")
                .row(CLAIMERS, claims, oneTime.size(), oneTime.size() - distinct.size(), lastResort.size(),
                        String.format("%.2f", seconds), String.format("%.0f", claims / seconds),
                        Latencies.percentileMillis(latencies, 50), Latencies.percentileMillis(latencies, 99));
        List<String> notes = new ArrayList<>();
        notes.add("Each claim is one REST call (token check, block check, rate limit, one transaction with one claiming statement: UPDATE ... FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional UPDATE of one of the oldest candidates on H2).");
        if (oneTime.size() != distinct.size()) {
            notes.add("FAILED: a one-time KeyPackage was handed out twice.");
        }
        return new BenchmarkResult(table, notes);
    }
}
