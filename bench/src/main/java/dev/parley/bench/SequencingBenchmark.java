package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code sequencing}: application messages (PrivateMessages of the conversation's group, 256 bytes of ciphertext)
 * sent through the REST API by 1, 8 and 32 concurrent writers into one conversation. Measures sequenced messages per
 * second and checks that the log has no gap and no duplicate seq. The gateway cannot read PrivateMessage ciphertext,
 * so the messages are built here with the right group_id and epoch rather than by an MLS library.
 */
final class SequencingBenchmark implements Benchmark {

    private static final int[] WRITERS = {1, 8, 32};
    private static final int MESSAGES = 1600;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "sequencing";
    }

    @Override
    public String description() {
        return MESSAGES + " application messages into one conversation by 1, 8 and 32 concurrent writers: sequenced"
                + " messages/s; the log must stay gap-free.";
    }

    @Override
    public BenchmarkResult run(BenchContext context) throws Exception {
        StackClient stack = new StackClient(context);
        Table table = new Table("writers", "messages", "seconds", "messages/s", "p50 ms", "p99 ms", "gaps or duplicates");
        for (int writers : WRITERS) {
            StackClient.Device writer = stack.newDevice("bench-seq", "laptop");
            byte[] groupId = random(16);
            JsonNode room = StackClient.json(StackClient.require(stack.gateway("POST", "conversations", writer,
                    Map.of("type", "room", "name", "sequencing", "group_id", Base64Url.encode(Bytes.of(groupId)),
                            "group_info", new BenchMls(writer.userId(), writer.deviceId(), writer.key(), groupId).groupInfo())),
                    201));
            String id = room.get("conversation_id").asText();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w * (MESSAGES / writers);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < MESSAGES / writers; i++) {
                        String message = Base64Url.encode(privateMessage(groupId));
                        long begin = System.nanoTime();
                        StackClient.require(stack.gateway("POST", "conversations/" + id + "/messages", writer,
                                Map.of("msg_id", "m" + (first + i), "message", message)), 200);
                        latencies.add(System.nanoTime() - begin);
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
            int sent = (MESSAGES / writers) * writers;
            table.row(writers, sent, String.format("%.2f", seconds), String.format("%.0f", sent / seconds),
                    Latencies.percentileMillis(latencies, 50), Latencies.percentileMillis(latencies, 99),
                    irregularities(stack, writer, id, sent));
        }
        return new BenchmarkResult(table, List.of(
                "One device writes each run (a fresh one per run, under the per-device limit parley.conversations.messages-per-minute).",
                "Each message is one REST call; the seq is taken under the conversation's row lock in the storing transaction.",
                "All writers share one conversation, the worst case: conversations do not contend with each other."));
    }

    /** Reads the whole log back: how many seqs are not exactly 1..sent. */
    private static int irregularities(StackClient stack, StackClient.Device reader, String id, int sent) {
        int irregular = 0;
        long expected = 1;
        long after = 0;
        while (true) {
            JsonNode page = StackClient.json(StackClient.require(stack.gateway("GET",
                    "conversations/" + id + "/log?limit=500&after=" + after, reader, null), 200));
            for (JsonNode entry : page.get("entries")) {
                irregular += entry.get("seq").asLong() == expected ? 0 : 1;
                expected++;
            }
            after = page.get("next_after").asLong();
            if (!page.get("more").asBoolean()) {
                break;
            }
        }
        return irregular + (int) Math.abs(sent - (expected - 1));
    }

    /** An MLSMessage(PrivateMessage) of content type application at epoch 0 of the group; random ciphertext. */
    private static Bytes privateMessage(byte[] groupId) {
        return new TlsWriter()
                .writeU16(1).writeU16(2)
                .writeOpaque(Bytes.of(groupId))
                .writeU64(0)
                .writeU8(1)
                .writeOpaque(Bytes.EMPTY)
                .writeOpaque(Bytes.of(random(28)))
                .writeOpaque(Bytes.of(random(256)))
                .toBytes();
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
