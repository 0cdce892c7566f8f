package dev.parley.bench;

import dev.parley.gateway.domain.model.presence.PresenceStatus;
import dev.parley.gateway.domain.model.presence.UserPresence;
import dev.parley.gateway.infrastructure.presence.InMemoryPresenceStore;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code presence-leases}: 10,000 device leases in the gateway's own {@link InMemoryPresenceStore}, in
 * process, with the lease rules of {@link UserPresence} (the same calls the {@code PresenceManager} makes).
 * Measures the heap one lease costs, the renewal rate sustained when every lease is renewed every 30 s for
 * a minute while the sweeper runs every second (no lease may expire), and the most renewals and status
 * changes per second two threads get through, against plain {@code ConcurrentHashMap} puts as a reference.
 */
public final class PresenceLeasesBenchmark implements Benchmark {

    private static final int USERS = 5_000;
    private static final int DEVICES_PER_USER = 2;
    private static final int LEASES = USERS * DEVICES_PER_USER;
    private static final long LEASE_MILLIS = 60_000;
    private static final long RENEW_EVERY_MILLIS = 30_000;
    private static final long SUSTAINED_MILLIS = 60_000;
    private static final long BURST_MILLIS = 5_000;
    private static final int THREADS = 2;

    @Override
    public String name() {
        return "presence-leases";
    }

    @Override
    public String description() {
        return "10,000 presence leases renewed every 30 s (in process, the gateway's PresenceStore): updates/s and heap per lease";
    }

    @Override
    public BenchmarkResult run(BenchContext context) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long heapBefore = usedHeapAfterGc();
        InMemoryPresenceStore store = new InMemoryPresenceStore();
        long now = System.currentTimeMillis();
        for (int u = 0; u < USERS; u++) {
            for (int d = 0; d < DEVICES_PER_USER; d++) {
                String device = "device-" + d;
                store.update(user(u), presence -> presence.withLease(device, PresenceStatus.ONLINE, now + LEASE_MILLIS, now));
            }
        }
        long heapPerLease = (usedHeapAfterGc() - heapBefore) / LEASES;

        Sustained sustained = sustained(store);
        double renewalsPerSecond = burst(store, false);
        double changesPerSecond = burst(store, true);
        double mapPutsPerSecond = mapPuts();

        Table table = new Table("measure", "value");
        table.row("leases (users x devices)", LEASES + " (" + USERS + " x " + DEVICES_PER_USER + ")");
        table.row("heap per lease (user entry included)", heapPerLease + " B");
        table.row("sustained renewals/s (each lease every 30 s, 60 s)", String.format("%.0f (offered %.0f)", sustained.perSecond, LEASES * 1000.0 / RENEW_EVERY_MILLIS));
        table.row("renewal latency p50 / p99 / max", String.format("%.1f / %.1f / %.1f µs", sustained.p50Micros, sustained.p99Micros, sustained.maxMicros));
        table.row("sweep of all leases p50 / max", String.format("%.2f / %.2f ms", sustained.sweepP50Millis, sustained.sweepMaxMillis));
        table.row("leases lost while renewed", sustained.lost);
        table.row("max renewals/s (" + THREADS + " threads)", String.format("%.0f", renewalsPerSecond));
        table.row("max status changes/s (" + THREADS + " threads)", String.format("%.0f", changesPerSecond));
        table.row("reference: ConcurrentHashMap puts/s (" + THREADS + " threads)", String.format("%.0f", mapPutsPerSecond));
        List<String> notes = List.of(
                String.format("The offered load of the target (10,000 leases renewed every 30 s = 333 updates/s) uses %.2f%% of the measured renewal capacity.",
                        100.0 * LEASES * 1000.0 / RENEW_EVERY_MILLIS / renewalsPerSecond),
                "A renewal is one atomic compute on the user's entry that copies an immutable UserPresence (a map of 2 leases);"
                        + " the reference shows what a bare map put costs on the same machine in the same run.",
                "Heap per lease is measured as used heap after GC, divided by the lease count; it includes the user's entry,"
                        + " the device id strings and the map nodes, not the user id strings (made beforehand: the gateway holds them"
                        + " for the connections anyway).",
                String.format("The machine was shared with other builds: load average %.1f at the start (2 cores); the maxima vary"
                        + " with that load, the sustained rate and the lost-lease count do not.", loadBefore));
        return new BenchmarkResult(table, notes);
    }

    private record Sustained(double perSecond, double p50Micros, double p99Micros, double maxMicros, double sweepP50Millis,
            double sweepMaxMillis, long lost) {
    }

    /** Every lease renewed once per 30 s, evenly spread, for a minute; the sweeper runs every second. */
    private static Sustained sustained(InMemoryPresenceStore store) throws InterruptedException {
        long[] latencies = new long[(int) (LEASES * SUSTAINED_MILLIS / RENEW_EVERY_MILLIS) + LEASES];
        List<Long> sweeps = new ArrayList<>();
        AtomicLong lost = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(SUSTAINED_MILLIS);
        Thread sweeper = new Thread(() -> {
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                long sweepNow = System.currentTimeMillis();
                for (String userId : store.usersWithLeases()) {
                    UserPresence after = store.update(userId, presence -> presence.expired(sweepNow));
                    if (after.leases().size() < DEVICES_PER_USER) {
                        lost.incrementAndGet();
                    }
                }
                synchronized (sweeps) {
                    sweeps.add(System.nanoTime() - t);
                }
                sleep(1000);
            }
        });
        sweeper.start();
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(RENEW_EVERY_MILLIS) / LEASES;
        int done = 0;
        for (long i = 0; ; i++) {
            long due = start + i * intervalNanos;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 200_000) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int lease = (int) (i % LEASES);
            String device = "device-" + lease % DEVICES_PER_USER;
            long t = System.nanoTime();
            long expiry = System.currentTimeMillis() + LEASE_MILLIS;
            store.update(user(lease / DEVICES_PER_USER), presence -> presence.renewed(device, expiry));
            latencies[done++] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sweeper.join();
        long[] sorted = Arrays.copyOf(latencies, done);
        Arrays.sort(sorted);
        long[] sweepTimes = sweeps.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Sustained(done / seconds, sorted[done / 2] / 1e3, sorted[(int) (done * 0.99)] / 1e3, sorted[done - 1] / 1e3,
                sweepTimes[sweepTimes.length / 2] / 1e6, sweepTimes[sweepTimes.length - 1] / 1e6, lost.get());
    }

    /** Renewals (or status changes) as fast as {@value #THREADS} threads go, for five seconds. */
    private static double burst(InMemoryPresenceStore store, boolean statusChanges) throws InterruptedException {
        AtomicLong operations = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(THREADS);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BURST_MILLIS);
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            new Thread(() -> {
                long count = 0;
                for (int i = offset; System.nanoTime() < end; i += THREADS) {
                    int lease = i % LEASES;
                    String device = "device-" + lease % DEVICES_PER_USER;
                    long now = System.currentTimeMillis();
                    PresenceStatus status = (i / LEASES) % 2 == 0 ? PresenceStatus.AWAY : PresenceStatus.ONLINE;
                    store.update(user(lease / DEVICES_PER_USER), statusChanges
                            ? presence -> presence.withLease(device, status, now + LEASE_MILLIS, now)
                            : presence -> presence.renewed(device, now + LEASE_MILLIS));
                    count++;
                }
                operations.addAndGet(count);
                finished.countDown();
            }).start();
        }
        finished.await();
        return operations.get() * 1000.0 / BURST_MILLIS;
    }

    private static double mapPuts() throws InterruptedException {
        ConcurrentHashMap<String, Long> map = new ConcurrentHashMap<>();
        for (int u = 0; u < LEASES; u++) {
            map.put(user(u), 0L);
        }
        AtomicLong operations = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(THREADS);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BURST_MILLIS);
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            new Thread(() -> {
                long count = 0;
                for (int i = offset; System.nanoTime() < end; i += THREADS) {
                    map.put(user(i % LEASES), System.currentTimeMillis());
                    count++;
                }
                operations.addAndGet(count);
                finished.countDown();
            }).start();
        }
        finished.await();
        return operations.get() * 1000.0 / BURST_MILLIS;
    }

    private static String user(int index) {
        return USER_IDS[index];
    }

    /** Keycloak-like user ids (36-character UUIDs), made once so that their strings are not counted per operation. */
    private static final String[] USER_IDS = new String[LEASES];

    static {
        for (int i = 0; i < LEASES; i++) {
            USER_IDS[i] = new java.util.UUID(0x5eed_0000_0000_0000L + i, i).toString();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
