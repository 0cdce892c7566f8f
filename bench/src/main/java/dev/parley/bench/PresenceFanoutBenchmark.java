package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.ConnectProof;
import dev.parley.protocol.mls.tls.Bytes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code presence-fanout}: one user's presence change reaching 200 watching contacts over real WebSockets
 * against the running stack. 200 watchers and one target are created in the realm (admin REST API), each
 * with a registered device; every watcher becomes the target's contact, connects, proves its device and
 * watches the target. The target then changes its status 20 times; for each change the delay from sending
 * {@code set_presence} to each watcher receiving the {@code presence} push is measured on this machine's
 * clock. Reference: the round trip of a {@code ping} frame on the target's own connection, the transport's
 * floor, measured in the same run.
 */
public final class PresenceFanoutBenchmark implements Benchmark {

    private static final int WATCHERS = 200;
    private static final int CHANGES = 20;
    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "presence-fanout";
    }

    @Override
    public String description() {
        return "Delay from a presence change to its delivery at 200 watching contacts over WebSockets (against a ping round trip)";
    }

    @Override
    public BenchmarkResult run(BenchContext context) throws Exception {
        RealmUsers realm = new RealmUsers(context);
        String run = UUID.randomUUID().toString().substring(0, 6);
        System.out.printf("  creating %d watchers and a target (run %s)...%n", WATCHERS, run);
        RealmUsers.User target = realm.create("bench-target-" + run, "laptop");
        List<RealmUsers.User> watchers = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < WATCHERS; i++) {
                RealmUsers.User watcher = realm.create("bench-w" + i + "-" + run, "phone");
                watchers.add(watcher);
                RealmUsers.expect(realm.gateway("POST", "contacts/requests", watcher, Map.of("user_id", target.id())), 200);
                RealmUsers.expect(realm.gateway("POST", "contacts/requests/" + watcher.id() + "/accept", target, null), 200);
            }
            System.out.println("  connecting the watchers...");
            HttpClient http = HttpClient.newHttpClient();
            for (RealmUsers.User watcher : watchers) {
                Socket socket = Socket.connect(http, context.gateway(), realm.signedInAgain(watcher));
                JsonNode watching = socket.request(Map.of("type", "watch", "id", "w", "user_ids", List.of(target.id())));
                if (!"watching".equals(watching.path("type").asText())) {
                    throw new IllegalStateException("watch refused: " + watching);
                }
                sockets.add(socket);
            }
            Socket targetSocket = Socket.connect(http, context.gateway(), realm.signedInAgain(target));
            for (Socket socket : sockets) {
                socket.awaitPresence(target.id()); // the target coming online
            }

            long[] pingNanos = new long[CHANGES];
            for (int i = 0; i < CHANGES; i++) {
                long sent = System.nanoTime();
                targetSocket.request(Map.of("type", "ping", "id", "p" + i));
                pingNanos[i] = System.nanoTime() - sent;
            }

            List<Long> deliveries = new ArrayList<>();
            long[] lastNanos = new long[CHANGES];
            for (int i = 0; i < CHANGES; i++) {
                String status = i % 2 == 0 ? "away" : "online";
                long sent = System.nanoTime();
                targetSocket.send(Map.of("type", "set_presence", "id", "s" + i, "status", status));
                long last = 0;
                for (Socket socket : sockets) {
                    long delay = socket.awaitPresence(target.id()) - sent;
                    deliveries.add(delay);
                    last = Math.max(last, delay);
                }
                lastNanos[i] = last;
                targetSocket.awaitAnswer("s" + i);
                Thread.sleep(200);
            }
            targetSocket.close();
            sockets.forEach(Socket::close);

            long[] all = deliveries.stream().mapToLong(Long::longValue).sorted().toArray();
            Arrays.sort(lastNanos);
            Arrays.sort(pingNanos);
            Table table = new Table("measure", "p50", "p99", "max");
            table.row("delivery to one watcher (" + all.length + " deliveries)", ms(percentile(all, 0.5)), ms(percentile(all, 0.99)), ms(all[all.length - 1]));
            table.row("delivery to the last of " + WATCHERS + " watchers (" + CHANGES + " changes)", ms(percentile(lastNanos, 0.5)),
                    ms(percentile(lastNanos, 0.99)), ms(lastNanos[lastNanos.length - 1]));
            table.row("reference: ping frame round trip on the target's connection", ms(percentile(pingNanos, 0.5)),
                    ms(percentile(pingNanos, 0.99)), ms(pingNanos[pingNanos.length - 1]));
            return new BenchmarkResult(table, List.of(
                    WATCHERS + " watchers and the target are separate realm users with registered devices and real tokens; every watcher is an accepted contact.",
                    "A change is one set_presence frame; the gateway checks who may see the target (one query for all watchers) and pushes one frame per watching device.",
                    String.format("The last watcher has the change %.1fx the ping round trip after it was sent (medians).",
                            (double) percentile(lastNanos, 0.5) / percentile(pingNanos, 0.5))));
        } finally {
            sockets.forEach(Socket::close);
            for (RealmUsers.User user : watchers) {
                realm.delete(user);
            }
            realm.delete(target);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static String ms(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    /** One proven WebSocket connection of a device; arrival times of pushes are taken in the listener. */
    private static final class Socket implements WebSocket.Listener {

        private record Frame(JsonNode json, long arrivedNanos) {
        }

        private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final List<Frame> setAside = new ArrayList<>();
        private WebSocket socket;

        static Socket connect(HttpClient http, URI gateway, RealmUsers.User user) throws Exception {
            Socket client = new Socket();
            client.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + user.token())
                    .buildAsync(URI.create(gateway.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/parley/ws"), client)
                    .get(10, TimeUnit.SECONDS);
            JsonNode hello = client.next(f -> "hello".equals(f.json().path("type").asText())).json();
            Bytes nonce = Base64Url.decode(hello.get("nonce").asText());
            Bytes signature = new ConnectProof(hello.get("gateway_id").asText(), user.id(), user.deviceId(), nonce)
                    .sign(user.device().getPrivate());
            JsonNode connected = client.request(Map.of("type", "connect", "id", "c", "protocol_version", 1,
                    "device_id", user.deviceId(), "signature", Base64Url.encode(signature)));
            if (!"connected".equals(connected.path("type").asText())) {
                throw new IllegalStateException("connect refused: " + connected);
            }
            return client;
        }

        void send(Map<String, ?> frame) throws Exception {
            socket.sendText(RealmUsers.JSON.writeValueAsString(frame), true).get(10, TimeUnit.SECONDS);
        }

        JsonNode request(Map<String, ?> frame) throws Exception {
            send(frame);
            return awaitAnswer(String.valueOf(frame.get("id")));
        }

        JsonNode awaitAnswer(String id) throws InterruptedException {
            return next(f -> id.equals(f.json().path("id").asText())).json();
        }

        /** When the next {@code presence} push about {@code userId} arrived (System.nanoTime). */
        long awaitPresence(String userId) throws InterruptedException {
            return next(f -> "presence".equals(f.json().path("type").asText()) && userId.equals(f.json().path("user_id").asText()))
                    .arrivedNanos();
        }

        private Frame next(java.util.function.Predicate<Frame> match) throws InterruptedException {
            for (int i = 0; i < setAside.size(); i++) {
                if (match.test(setAside.get(i))) {
                    return setAside.remove(i);
                }
            }
            long deadline = System.nanoTime() + PUSH_TIMEOUT.toNanos();
            while (true) {
                Frame frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new IllegalStateException("no expected frame within " + PUSH_TIMEOUT);
                }
                if (match.test(frame)) {
                    return frame;
                }
                setAside.add(frame);
            }
        }

        void close() {
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long arrived = System.nanoTime();
            partial.append(data);
            if (last) {
                try {
                    frames.add(new Frame(RealmUsers.JSON.readTree(partial.toString()), arrived));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
