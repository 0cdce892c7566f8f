package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code delivery}: the mailbox's delivery over real WebSockets against the running stack, with real MLS groups
 * (bcmls): the creator adds members by commits with Welcomes of KeyPackages the members uploaded and the creator
 * claimed, and sends application messages protected by bcmls. Measures
 * <ol>
 * <li>the ceiling: {@code ping}→{@code pong} round trips per second on one connection of the same gateway endpoint,
 * pipelined like the sends (a raw request/answer through the same WildFly WebSocket stack, nothing stored);</li>
 * <li>1:1 delivery: messages per second from {@code send} to their arrival at the other member's connection, every
 * message durable (answered after its transaction committed), and the ratio to the ceiling;</li>
 * <li>send→deliver latency at 1,000 messages per second (p50, p99), on this machine's clock;</li>
 * <li>fan-out: the time until all 1,000 connected member devices of one room have one message;</li>
 * <li>catch-up: messages per second a device 100,000 messages behind receives from {@code connected} to
 * {@code caught_up}.</li>
 * </ol>
 * Every client keeps fewer than {@link DeliverySocket#WINDOW} requests unanswered (the documented pacing limit).
 */
final class DeliveryBenchmark implements Benchmark {

    private static final int RUNS = 3;
    private static final int PAIRS = Integer.getInteger("parley.bench.pairs", 10);
    private static final int LATENCY_PAIRS = Integer.getInteger("parley.bench.latency-pairs", 50);
    private static final int CEILING_PINGS = 20_000;
    private static final int THROUGHPUT_MESSAGES = 5_000;
    private static final int LATENCY_RATE = 1_000;
    private static final int LATENCY_MESSAGES = 5_000;
    private static final int ROOM_DEVICES = Integer.getInteger("parley.bench.room-devices", 1_000);
    private static final int DEVICES_PER_USER = 10;
    private static final int FANOUT_MESSAGES = 10;
    private static final int BEHIND = Integer.getInteger("parley.bench.behind", 100_000);
    private static final int ADDS_PER_COMMIT = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "delivery";
    }

    @Override
    public String description() {
        return "Mailbox delivery over WebSockets with real MLS groups: 1:1 throughput against the raw WebSocket ceiling,"
                + " send→deliver latency at 1,000 msg/s, fan-out to " + ROOM_DEVICES + " connected devices of one room, catch-up of a device "
                + BEHIND + " messages behind.";
    }

    @Override
    public BenchmarkResult run(BenchContext context) throws Exception {
        RealmUsers realm = new RealmUsers(context);
        HttpClient http = HttpClient.newHttpClient();
        String run = UUID.randomUUID().toString().substring(0, 6);
        Optional<ServerProcess> gateway = ServerProcess.gateway();
        System.out.printf("  run %s: %d sender→receiver pairs, each its own two-member room...%n", run, Math.max(PAIRS, LATENCY_PAIRS));
        List<Pair> allPairs = new ArrayList<>();
        for (int i = 0; i < Math.max(PAIRS, LATENCY_PAIRS); i++) {
            allPairs.add(Pair.create(realm, http, context, run, i));
        }
        List<Pair> pairs = allPairs.subList(0, PAIRS);
        Pair first = pairs.get(0);

        // (1) the ceiling, (2) 1:1 throughput with one and with ten pairs, (3) latency: RUNS runs each, the median
        Optional<EchoDeployment> echo = EchoDeployment.deploy(context.gateway());
        String echoed = RealmUsers.JSON.writeValueAsString(first.room.send("echo", first.room.protect(1).get(0)));
        List<Rate> echoOne = new ArrayList<>();
        List<Rate> echoPairs = new ArrayList<>();
        List<Double> ceilings = new ArrayList<>();
        List<Rate> onePair = new ArrayList<>();
        List<Rate> tenPairs = new ArrayList<>();
        List<double[]> latencies = new ArrayList<>();
        for (int r = 0; r < RUNS; r++) {
            if (echo.isPresent()) {
                echoOne.add(echoCeiling(http, echo.get().endpoint(), 1, echoed, gateway));
                echoPairs.add(echoCeiling(http, echo.get().endpoint(), PAIRS, echoed, gateway));
                ceilings.add(echoPairs.get(r).perSecond);
            } else {
                ceilings.add(ceiling(first.sender));
            }
            onePair.add(throughput(pairs.subList(0, 1), gateway, "1-" + r));
            tenPairs.add(throughput(pairs, gateway, "10-" + r));
            latencies.add(latency(allPairs.subList(0, LATENCY_PAIRS), "l-" + r));
            System.out.printf("  run %d: ceiling %,.0f/s, 1 pair %,.0f msg/s, %d pairs %,.0f msg/s, latency p50 %.2f ms p99 %.2f ms%n",
                    r + 1, ceilings.get(r), onePair.get(r).perSecond, PAIRS, tenPairs.get(r).perSecond,
                    latencies.get(r)[0], latencies.get(r)[1]);
        }
        double ceiling = median(ceilings);
        Rate one = Rate.median(onePair);
        Rate ten = Rate.median(tenPairs);
        double p50 = median(latencies.stream().map(l -> l[0]).toList());
        double p99 = median(latencies.stream().map(l -> l[1]).toList());
        double p999 = median(latencies.stream().map(l -> l[2]).toList());
        double latencyMax = median(latencies.stream().map(l -> l[3]).toList());
        allPairs.forEach(Pair::close);
        if (echo.isPresent()) {
            echo.get().close();
        }

        // (5) catch-up: the first pair's receiver is offline while BEHIND messages are sent, then connects RUNS times
        System.out.printf("  sending %,d messages while the receiver is offline...%n", BEHIND);
        double cpuBefore = gateway.map(ServerProcess::cpuSeconds).orElse(0.0);
        long sending = fill(realm, http, context, first.senderUser, first.room);
        double fillRate = BEHIND / (sending / 1e9);
        double fillCpu = gateway.map(g -> (g.cpuSeconds() - cpuBefore) * 1e6 / BEHIND).orElse(Double.NaN);
        List<Double> catchUps = new ArrayList<>();
        long caughtUpMessages = 0;
        for (int r = 0; r < RUNS; r++) {
            AtomicLong received = new AtomicLong();
            AtomicLong connectedAt = new AtomicLong();
            DeliverySocket behind = DeliverySocket.connect(http, context.gateway(), realm.signedInAgain(first.receiverUser),
                    (frame, arrived) -> {
                        String type = frame.path("type").asText();
                        if ("connected".equals(type)) {
                            connectedAt.set(arrived);
                        } else if ("message".equals(type)) {
                            received.incrementAndGet();
                        }
                    });
            long caughtUpAt = behind.awaitCaughtUp(600);
            behind.close();
            caughtUpMessages = received.get();
            catchUps.add(received.get() / ((caughtUpAt - connectedAt.get()) / 1e9));
            System.out.printf("  catch-up %d: %,d messages, %,.0f msg/s%n", r + 1, received.get(), catchUps.get(r));
            Thread.sleep(1_000);
        }
        double catchUpRate = median(catchUps);

        // (4) fan-out to ROOM_DEVICES connected member devices of one room
        FanOut fanOut = fanOut(context, realm, http, run);

        double ratio = ten.perSecond / ceiling;
        Table table = new Table("measure", "result", "target", "met");
        if (echo.isPresent()) {
            Rate one1 = Rate.median(echoOne);
            Rate many = Rate.median(echoPairs);
            table.row("(1) ceiling: bare WebSocket echo in the same WildFly, 1 connection (" + DeliverySocket.WINDOW + " in flight)",
                    String.format("%,.0f frames/s, server CPU %s µs/frame", one1.perSecond, micros(one1.cpuMicros)), "-", "-");
            table.row(String.format("(1) ceiling: bare WebSocket echo, %d connections (%d in flight each)", PAIRS, DeliverySocket.WINDOW),
                    String.format("%,.0f frames/s, server CPU %s µs/frame", many.perSecond, micros(many.cpuMicros)), "-", "-");
        } else {
            table.row("(1) ceiling: ping→pong round trips on one WebSocket (" + DeliverySocket.WINDOW + " in flight)",
                    String.format("%,.0f /s", ceiling), "-", "-");
        }
        table.row(String.format("(2) W1 1:1, 1 pair, durable (%,d messages, %d in flight)", THROUGHPUT_MESSAGES, DeliverySocket.WINDOW),
                String.format("%,.0f msg/s, gateway CPU %s µs/msg", one.perSecond, micros(one.cpuMicros)),
                "≥ 5,000 msg/s", one.perSecond >= 5_000 ? "yes" : "no");
        table.row(String.format("(2) W1 1:1, %d pairs, durable (%,d messages each)", PAIRS, THROUGHPUT_MESSAGES),
                String.format("%,.0f msg/s = %.2f × (1), gateway CPU %s µs/msg", ten.perSecond, ratio, micros(ten.cpuMicros)),
                "≥ 10,000 msg/s and ≥ 0.5 × (1); ≤ 60 µs/msg",
                ten.perSecond >= 10_000 && ratio >= 0.5 && ten.cpuMicros <= 60 ? "yes" : "no");
        table.row(String.format("(3) W2 send→deliver latency, open loop at %,d msg/s over %d pairs (%,d messages)", LATENCY_RATE,
                        LATENCY_PAIRS, LATENCY_MESSAGES),
                String.format("p50 %.2f ms, p99 %.2f ms (p99.9 %.2f ms, max %.1f ms)", p50, p99, p999, latencyMax), "p50 ≤ 1 ms, p99 ≤ 3 ms", p50 <= 1 && p99 <= 3 ? "yes" : "no");
        table.row(String.format("(4) W3 fan-out: one message to all %,d connected devices of a room (%d messages)", fanOut.devices,
                        FANOUT_MESSAGES),
                String.format("p50 %.1f ms, max %.1f ms", fanOut.p50, fanOut.max), "< 50 ms", fanOut.p50 < 50 ? "yes" : "no");
        table.row(String.format("(5) W4 store %,d for an offline device (one sender, %d in flight)", BEHIND, DeliverySocket.WINDOW),
                String.format("%,.0f msg/s, gateway CPU %s µs/msg", fillRate, micros(fillCpu)), "≥ 10,000 msg/s",
                fillRate >= 10_000 ? "yes" : "no");
        table.row(String.format("(5) W4 catch-up of a device %,d messages behind (connected → caught_up)", caughtUpMessages),
                String.format("%,.0f msg/s", catchUpRate), "≥ 50,000 msg/s", catchUpRate >= 50_000 ? "yes" : "no");

        String chart = "benchmarks/delivery" + Bench.labelSuffix() + ".png";
        DeliveryChart.write(context.docs().resolve(chart), List.of(
                new DeliveryChart.Bar("(2) 10 pairs / 10,000", ten.perSecond / 10_000, String.format("%,.0f msg/s (target ≥ 10,000)", ten.perSecond)),
                new DeliveryChart.Bar("(3) p99 latency", 3 / Math.max(p99, 0.001), String.format("%.1f ms (target ≤ 3 ms)", p99)),
                new DeliveryChart.Bar("(4) fan-out p50", 50 / Math.max(fanOut.p50, 0.001), String.format("%.0f ms (target < 50 ms)", fanOut.p50)),
                new DeliveryChart.Bar("(5) catch-up", catchUpRate / 50_000, String.format("%,.0f msg/s (target ≥ 50,000)", catchUpRate))));

        List<String> notes = new ArrayList<>();
        notes.add("Real MLS (bcmls, suite 1): members upload KeyPackages made with their registered device keys, the creator claims them and adds them by commits with Welcomes that the gateway checks; application messages are bcmls PrivateMessages of ~100 bytes. Receivers do not decrypt (neither does the server).");
        notes.add(String.format("(1)–(3) and the catch-up are the median of %d runs; the fan-out is the median of %d messages; the store of the backlog is one run (it fills what the catch-up runs read). The gateway CPU per message is the WildFly process tree's utime+stime (/proc) over the measured interval divided by the messages delivered%s.",
                RUNS, FANOUT_MESSAGES, gateway.isPresent() ? "" : " (not measured: no dev-stack WildFly PID found)"));
        notes.add(echo.isPresent()
                ? "The ceiling is a bare WebSocket echo endpoint (parley-bench-echo.war, deployed by the benchmark into the same WildFly for the run and removed after it, not part of parley.ear), driven with the same connections, window and frame (a real send frame of ~" + echoed.length() + " bytes): one frame in, the same frame out, nothing stored. A delivered message costs one frame in, its answer after the commit, and a message frame to each member connection (the sender's own included), so (2) writes three frames for the echo's one."
                : "The ceiling is the gateway's own ping frame on the same endpoint (the echo endpoint could not be deployed: no WildFly deployments directory): one text frame in, one out, nothing stored.");
        notes.add("Latency is open loop: each message has a scheduled send time and its latency is measured from that time (no coordinated omission), recorded in an HdrHistogram (3 significant digits); the " + LATENCY_PAIRS + " pairs' senders are driven round robin from one thread.");
        notes.add("The stack ran with the limits of bench/README.md raised: messages per minute, KeyPackage claims, uploads and pool, conversations per day, message bytes per day and the envelope size.");
        if (ROOM_DEVICES < 1_000 || BEHIND < 100_000) {
            notes.add(String.format("Measured with a room of %,d devices and a backlog of %,d messages instead of 1,000 and 100,000"
                    + " (parley.bench.room-devices, parley.bench.behind).", ROOM_DEVICES, BEHIND));
        }
        return new BenchmarkResult(table, notes, List.of(chart));
    }

    /** Messages per second and the gateway's CPU time per message (µs; NaN when not measured). */
    private record Rate(double perSecond, double cpuMicros) {
        static Rate median(List<Rate> rates) {
            return new Rate(DeliveryBenchmark.median(rates.stream().map(Rate::perSecond).toList()),
                    DeliveryBenchmark.median(rates.stream().map(Rate::cpuMicros).toList()));
        }
    }

    /** A sender and a receiver in a two-member room, both connected; frames go to the current measurement. */
    private static final class Pair {
        final RealmUsers.User senderUser;
        final RealmUsers.User receiverUser;
        final Room room;
        DeliverySocket sender;
        DeliverySocket receiver;
        volatile DeliverySocket.Handler onReceived = (f, t) -> { };

        private Pair(RealmUsers.User senderUser, RealmUsers.User receiverUser, Room room) {
            this.senderUser = senderUser;
            this.receiverUser = receiverUser;
            this.room = room;
        }

        static Pair create(RealmUsers realm, HttpClient http, BenchContext context, String run, int index) throws Exception {
            RealmUsers.User sender = realm.create("bench-dlv-s" + index + "-" + run, "laptop");
            RealmUsers.User receiver = realm.create("bench-dlv-r" + index + "-" + run, "phone");
            Room room = Room.create(realm, sender, "delivery 1:1 #" + index);
            uploadKeyPackage(realm, receiver);
            room.add(realm, List.of(receiver));
            Pair pair = new Pair(sender, receiver, room);
            pair.sender = DeliverySocket.connect(http, context.gateway(), realm.signedInAgain(sender), (f, t) -> { });
            pair.receiver = DeliverySocket.connect(http, context.gateway(), realm.signedInAgain(receiver),
                    (frame, arrived) -> pair.onReceived.frame(frame, arrived));
            pair.sender.awaitCaughtUp(60);
            pair.receiver.awaitCaughtUp(60);
            return pair;
        }

        /** Acknowledges what both devices received, so that a later connection starts after it, and closes. */
        void close() {
            try {
                sender.ackAll();
                receiver.ackAll();
            } catch (Exception e) {
                throw new IllegalStateException("acknowledging failed", e);
            }
            sender.close();
            receiver.close();
        }
    }

    /** Frames per second through the echo endpoint over {@code connections} connections, and the server's CPU per frame. */
    private static Rate echoCeiling(HttpClient http, java.net.URI endpoint, int connections, String frame,
            Optional<ServerProcess> gateway) throws Exception {
        List<EchoSocket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            sockets.add(EchoSocket.connect(http, endpoint));
        }
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        double cpuBefore = gateway.map(ServerProcess::cpuSeconds).orElse(0.0);
        long begin = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (EchoSocket socket : sockets) {
            running.add(senders.submit(() -> {
                socket.run(frame, CEILING_PINGS);
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        long elapsed = System.nanoTime() - begin;
        double cpuAfter = gateway.map(ServerProcess::cpuSeconds).orElse(0.0);
        senders.shutdown();
        sockets.forEach(EchoSocket::close);
        long frames = (long) connections * CEILING_PINGS;
        return new Rate(frames / (elapsed / 1e9), gateway.isPresent() ? (cpuAfter - cpuBefore) * 1e6 / frames : Double.NaN);
    }

    private static double ceiling(DeliverySocket socket) throws Exception {
        long begin = System.nanoTime();
        for (int i = 0; i < CEILING_PINGS; i++) {
            socket.request(Map.of("type", "ping", "id", "p" + i));
        }
        socket.drain();
        return CEILING_PINGS / ((System.nanoTime() - begin) / 1e9);
    }

    /** Every pair's sender sends {@link #THROUGHPUT_MESSAGES} at once; the rate is until the last arrival. */
    private static Rate throughput(List<Pair> pairs, Optional<ServerProcess> gateway, String tag) throws Exception {
        int total = pairs.size() * THROUGHPUT_MESSAGES;
        CountDownLatch delivered = new CountDownLatch(total);
        AtomicLong lastArrival = new AtomicLong();
        String prefix = "t" + tag + "-";
        List<List<String>> messages = new ArrayList<>();
        for (Pair pair : pairs) {
            messages.add(pair.room.protect(THROUGHPUT_MESSAGES));
            pair.onReceived = (frame, arrived) -> {
                if ("message".equals(frame.path("type").asText()) && frame.path("msg_id").asText().startsWith(prefix)) {
                    lastArrival.accumulateAndGet(arrived, Math::max);
                    delivered.countDown();
                }
            };
        }
        ExecutorService senders = Executors.newFixedThreadPool(pairs.size());
        double cpuBefore = gateway.map(ServerProcess::cpuSeconds).orElse(0.0);
        long begin = System.nanoTime();
        List<Future<?>> sending = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            Pair pair = pairs.get(p);
            List<String> own = messages.get(p);
            sending.add(senders.submit(() -> {
                for (int i = 0; i < THROUGHPUT_MESSAGES; i++) {
                    pair.sender.request(pair.room.send(prefix + i, own.get(i)));
                }
                return null;
            }));
        }
        for (Future<?> future : sending) {
            future.get();
        }
        require(delivered.await(300, TimeUnit.SECONDS), "1:1 messages did not all arrive", pairs.get(0).sender);
        double cpuAfter = gateway.map(ServerProcess::cpuSeconds).orElse(0.0);
        senders.shutdown();
        for (Pair pair : pairs) {
            pair.sender.drain();
        }
        return new Rate(total / ((lastArrival.get() - begin) / 1e9),
                gateway.isPresent() ? (cpuAfter - cpuBefore) * 1e6 / total : Double.NaN);
    }

    /** p50 and p99 (ms) of send→deliver at {@link #LATENCY_RATE} msg/s in all, round robin over the pairs, open loop. */
    private static double[] latency(List<Pair> pairs, String prefix) throws Exception {
        Map<String, Long> due = new ConcurrentHashMap<>();
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(120), 3);
        CountDownLatch delivered = new CountDownLatch(LATENCY_MESSAGES);
        for (Pair pair : pairs) {
            pair.onReceived = (frame, arrived) -> {
                Long scheduled = "message".equals(frame.path("type").asText()) ? due.get(frame.path("msg_id").asText()) : null;
                if (scheduled != null) {
                    latencies.recordValue(Math.max(0, arrived - scheduled));
                    delivered.countDown();
                }
            };
        }
        List<List<String>> messages = new ArrayList<>();
        for (Pair pair : pairs) {
            messages.add(pair.room.protect(LATENCY_MESSAGES / pairs.size() + 1));
        }
        long interval = 1_000_000_000L / LATENCY_RATE;
        long begin = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < LATENCY_MESSAGES; i++) {
            long scheduled = begin + i * interval;
            while (System.nanoTime() < scheduled) {
                LockSupport.parkNanos(scheduled - System.nanoTime());
            }
            Pair pair = pairs.get(i % pairs.size());
            String msgId = prefix + "-" + i;
            due.put(msgId, scheduled);
            pair.sender.request(pair.room.send(msgId, messages.get(i % pairs.size()).get(i / pairs.size())));
        }
        require(delivered.await(120, TimeUnit.SECONDS), "paced messages did not all arrive", pairs.get(0).sender);
        for (Pair pair : pairs) {
            pair.sender.drain();
        }
        return new double[] {latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                latencies.getValueAtPercentile(99.9) / 1e6, latencies.getMaxValue() / 1e6};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "n/a" : String.format("%.0f", value);
    }

    /**
     * Sends {@link #BEHIND} messages, protected beforehand, pipelined on the sender's WebSocket, on a new connection
     * with a fresh sign-in every 25,000 messages (tokens live five minutes); returns the nanoseconds spent sending
     * (from the first send to the last answer).
     */
    private static long fill(RealmUsers realm, HttpClient http, BenchContext context, RealmUsers.User sender, Room pair)
            throws Exception {
        List<String> messages = new ArrayList<>(BEHIND);
        for (int i = 0; i < BEHIND; i++) {
            messages.add(pair.protect(("behind " + i).getBytes(StandardCharsets.UTF_8)));
        }
        int chunk = 25_000;
        long sending = 0;
        for (int from = 0; from < BEHIND; from += chunk) {
            DeliverySocket filler = DeliverySocket.connect(http, context.gateway(), realm.signedInAgain(sender), (f, t) -> { });
            filler.awaitCaughtUp(120);
            long begin = System.nanoTime();
            for (int i = from; i < Math.min(BEHIND, from + chunk); i++) {
                filler.request(pair.send("b-" + i, messages.get(i)));
            }
            filler.drain();
            sending += System.nanoTime() - begin;
            require(filler.errors() == 0, "sends were refused", filler);
            filler.ackAll();
            filler.close();
        }
        return sending;
    }

    private record FanOut(int devices, double p50, double max) {
    }

    private FanOut fanOut(BenchContext context, RealmUsers realm, HttpClient http, String run) throws Exception {
        RealmUsers.User creator = realm.create("bench-dlv-owner-" + run, "laptop");
        Room room = Room.create(realm, creator, "delivery fan-out");
        int users = (ROOM_DEVICES + DEVICES_PER_USER - 1) / DEVICES_PER_USER;
        System.out.printf("  creating %d users with %d devices each...%n", users, DEVICES_PER_USER);
        List<String> deviceIds = new ArrayList<>();
        for (int d = 0; d < DEVICES_PER_USER; d++) {
            deviceIds.add("device" + d);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<RealmUsers.User>>> created = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String username = "bench-dlv-m" + u + "-" + run;
            created.add(pool.submit(() -> {
                List<RealmUsers.User> devices = realm.createWithDevices(username, deviceIds);
                for (RealmUsers.User device : devices) {
                    uploadKeyPackage(realm, device);
                }
                return devices;
            }));
        }
        List<RealmUsers.User> members = new ArrayList<>();
        for (Future<List<RealmUsers.User>> future : created) {
            members.addAll(future.get());
        }
        pool.shutdown();
        members = members.subList(0, ROOM_DEVICES);
        System.out.printf("  adding %d devices to the room...%n", members.size());
        room.add(realm, members);

        System.out.printf("  connecting %d devices...%n", members.size());
        AtomicLong lastArrival = new AtomicLong();
        String[] expected = new String[1];
        CountDownLatch[] delivered = new CountDownLatch[1];
        List<DeliverySocket> sockets = new ArrayList<>();
        Map<String, String> tokens = new ConcurrentHashMap<>();
        try {
            for (RealmUsers.User member : members) {
                String token = tokens.computeIfAbsent(member.id(), id -> {
                    try {
                        return realm.signedInAgain(member).token();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                RealmUsers.User signedIn = new RealmUsers.User(member.username(), member.id(), token, member.deviceId(), member.device());
                DeliverySocket socket = DeliverySocket.connect(http, context.gateway(), signedIn, (frame, arrived) -> {
                    if ("message".equals(frame.path("type").asText()) && frame.path("msg_id").asText().equals(expected[0])) {
                        lastArrival.accumulateAndGet(arrived, Math::max);
                        delivered[0].countDown();
                    }
                });
                socket.awaitCaughtUp(60);
                sockets.add(socket);
            }
            DeliverySocket creatorSocket = DeliverySocket.connect(http, context.gateway(), realm.signedInAgain(creator), (f, t) -> { });
            creatorSocket.awaitCaughtUp(60);
            List<Long> lasts = new ArrayList<>();
            for (int i = 0; i < FANOUT_MESSAGES; i++) {
                String msgId = "f-" + i;
                String message = room.protect(1).get(0);
                delivered[0] = new CountDownLatch(sockets.size());
                lastArrival.set(0);
                expected[0] = msgId;
                long begin = System.nanoTime();
                creatorSocket.request(room.send(msgId, message));
                require(delivered[0].await(60, TimeUnit.SECONDS), "the room's message did not reach every device", creatorSocket);
                lasts.add(lastArrival.get() - begin);
                creatorSocket.drain();
                Thread.sleep(200);
            }
            creatorSocket.close();
            System.out.printf("  fan-out: p50 %.1f ms%n", percentile(lasts, 0.5));
            return new FanOut(sockets.size(), percentile(lasts, 0.5), percentile(lasts, 1.0));
        } finally {
            sockets.forEach(DeliverySocket::close);
        }
    }

    /** A room whose MLS group the creator's {@link BenchMls} holds. */
    private static final class Room {

        final String id;
        final RealmUsers.User creator;
        final BenchMls mls;
        private int commits;

        private Room(String id, RealmUsers.User creator, BenchMls mls) {
            this.id = id;
            this.creator = creator;
            this.mls = mls;
        }

        static Room create(RealmUsers realm, RealmUsers.User creator, String name) throws Exception {
            byte[] groupId = new byte[16];
            RANDOM.nextBytes(groupId);
            BenchMls mls = new BenchMls(creator.id(), creator.deviceId(), creator.device(), groupId);
            JsonNode room = RealmUsers.json(RealmUsers.expect(realm.gatewayAsDevice("POST", "conversations", creator,
                    Map.of("type", "room", "name", name, "group_id", Base64Url.encode(Bytes.of(groupId)),
                            "group_info", mls.groupInfo())), 201));
            return new Room(room.get("conversation_id").asText(), creator, mls);
        }

        /** Claims a KeyPackage of each device and adds them, {@link #ADDS_PER_COMMIT} per commit. */
        void add(RealmUsers realm, List<RealmUsers.User> devices) throws Exception {
            for (int from = 0; from < devices.size(); from += ADDS_PER_COMMIT) {
                RealmUsers.User owner = realm.signedInAgain(creator);
                List<String> keyPackages = new ArrayList<>();
                List<String> refs = new ArrayList<>();
                for (RealmUsers.User device : devices.subList(from, Math.min(devices.size(), from + ADDS_PER_COMMIT))) {
                    JsonNode claimed = RealmUsers.json(RealmUsers.expect(realm.gatewayAsDevice("POST", "key-packages/claim", owner,
                            Map.of("user_id", device.id(), "device_ids", List.of(device.deviceId()))), 200));
                    JsonNode keyPackage = claimed.get("key_packages").get(0);
                    keyPackages.add(keyPackage.get("key_package").asText());
                    refs.add(keyPackage.get("ref").asText());
                }
                BenchMls.PendingCommit pending = mls.commitAdds(keyPackages);
                accepted(realm.gatewayAsDevice("POST", "conversations/" + id + "/commits", owner, Map.of(
                        "msg_id", "add-" + commits++,
                        "commit", Base64Url.encode(Bytes.of(pending.commit())),
                        "welcome", Base64Url.encode(Bytes.of(pending.welcome())),
                        "group_info", Base64Url.encode(Bytes.of(pending.groupInfo())),
                        "adds", refs)));
                mls.apply(pending);
            }
        }

        List<String> protect(int count) {
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(protect(("message " + i + " of the delivery benchmark, about one hundred bytes of text in it........")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            return out;
        }

        String protect(byte[] plaintext) {
            return mls.protect(plaintext);
        }

        Map<String, Object> send(String msgId, String message) {
            return Map.of("type", "send", "id", msgId, "conversation_id", id, "msg_id", msgId, "message", message);
        }
    }

    /** The device uploads one real KeyPackage, for the room's creator to claim. */
    private static void uploadKeyPackage(RealmUsers realm, RealmUsers.User device) throws Exception {
        RealmUsers.expect(realm.gatewayAsDevice("POST", "key-packages", device,
                Map.of("key_packages", List.of(BenchMls.keyPackage(device.id(), device.deviceId(), device.device())))), 200);
    }

    private static void accepted(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("commit refused: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private static void require(boolean condition, String what, DeliverySocket socket) {
        if (!condition) {
            throw new IllegalStateException(what + (socket.errors() > 0 ? "; last refusal: " + socket.lastError() : ""));
        }
    }

    private static double percentile(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p * sorted.size()) - 1))) / 1e6;
    }
}
