package dev.parley.gateway.interfaces.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.gateway.application.MailboxManager;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.protocol.ws.CloseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link DeviceDelivery} with an in-memory log and a peer that reads only when told to. */
class DeviceDeliveryTest {

    private static final String ROOM = "room";
    private static final DeviceAddress BOB = new DeviceAddress("bob", "phone");

    /** A log of application messages (and a Welcome for another device at seq 5), from seq 1. */
    private static final class Log extends MailboxManager {
        final List<SequencedEntry> entries = new ArrayList<>();
        int pulls;
        /** The seq of the commit that removed the device, or 0 while it is a member. */
        long leftSeq;

        void append(int count) {
            for (int i = 0; i < count; i++) {
                long seq = entries.size() + 1;
                entries.add(seq == 5
                        ? new SequencedEntry(ROOM, seq, EntryKind.WELCOME, null, 1, "alice", "laptop", "carol", "tablet", new byte[] {1})
                        : new SequencedEntry(ROOM, seq, EntryKind.APPLICATION, "m" + seq, 1, "alice", "laptop", null, null, new byte[] {1}));
            }
        }

        List<SequencedEntry> range(long from, long to) {
            return entries.subList((int) from - 1, (int) to);
        }

        @Override
        public Batch pull(String conversationId, String userId, String deviceId, long after, int limit) {
            pulls++;
            if (pulls > 10_000) {
                throw new AssertionError("pulled without end");
            }
            if (leftSeq > 0) {
                List<SequencedEntry> page = entries.stream().filter(e -> e.seq() > after && e.seq() <= leftSeq)
                        .filter(e -> e.targetDeviceId() == null).toList();
                return new Batch(page, Math.max(after, leftSeq), false, false, null);
            }
            List<SequencedEntry> page = entries.stream().filter(e -> e.seq() > after)
                    .filter(e -> e.targetDeviceId() == null).limit(limit + 1L).toList();
            boolean more = page.size() > limit;
            page = more ? page.subList(0, limit) : page;
            long position = more ? page.get(page.size() - 1).seq() : Math.max(after, entries.size());
            return new Batch(page, position, more, true, null);
        }
    }

    /** A connection whose writes complete when the test drains it. */
    private static final class Peer implements DeliveryTarget {
        final List<Object> received = new ArrayList<>();
        final OutboundQueue<Object> queue;
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        boolean overflowed;

        Peer(int capacity) {
            queue = new OutboundQueue<>((frame, done) -> {
                received.add(frame);
                pending.add(done);
            }, capacity, () -> overflowed = true, failure -> { });
        }

        /** Completes the writes in flight until nothing is left. */
        void drain() {
            while (!pending.isEmpty()) {
                pending.remove(0).accept(null);
            }
        }

        List<Long> seqs() {
            return received.stream().filter(f -> f instanceof EncodedFrame e && e.type().equals("message"))
                    .map(f -> Long.parseLong(((EncodedFrame) f).eventId().substring(ROOM.length() + 1))).toList();
        }

        boolean caughtUp() {
            return received.stream().anyMatch(f -> f instanceof DeliveryFrames.CaughtUp);
        }

        @Override public DeviceAddress device() { return BOB; }
        @Override public java.time.Instant tokenExpiresAt() { return java.time.Instant.MAX; }
        @Override public boolean send(Object frame) { return queue.offer(frame); }
        @Override public int queuedFrames() { return queue.waiting(); }
        @Override public int capacity() { return queue.capacity(); }
        @Override public void whenDrained(Runnable action) { queue.whenDrained(action); }
        @Override public boolean isOpen() { return !overflowed; }
        @Override public void close(CloseCode code, String reason) { overflowed = true; }
        @Override public void abandon(String reason) { overflowed = true; }
    }

    private static void live(DeviceDelivery delivery, List<SequencedEntry> entries) {
        delivery.live(ROOM, entries, entries.stream().map(EncodedFrame::message).toList());
    }

    private static DeviceDelivery delivery(Peer peer, Log log) {
        return new DeviceDelivery(peer, log, Runnable::run, (d, c, f) -> { }, task -> task);
    }

    @Test
    void aDeviceFarBehindCatchesUpThroughASmallQueueInOrderWithoutOverflow() {
        Log log = new Log();
        log.append(10_000);
        Peer peer = new Peer(64);
        delivery(peer, log).start(List.of(new MailboxManager.Subscription(ROOM, 0)));
        while (!peer.caughtUp()) {
            assertThat(peer.overflowed).isFalse();
            assertThat(peer.queuedFrames()).isLessThanOrEqualTo(32);
            peer.drain();
        }
        assertThat(peer.seqs()).as("everything but another device's Welcome, once, in order")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 10_000).filter(s -> s != 5).boxed().toList());
        assertThat(peer.received.get(peer.received.size() - 1)).isInstanceOf(DeliveryFrames.CaughtUp.class);
    }

    @Test
    void liveEntriesAreSentFromMemoryWhenNextAndPulledWhenAheadNeverTwice() {
        Log log = new Log();
        log.append(10);
        Peer peer = new Peer(64);
        DeviceDelivery delivery = delivery(peer, log);
        delivery.start(List.of(new MailboxManager.Subscription(ROOM, 10)));
        peer.drain();
        assertThat(peer.caughtUp()).isTrue();
        int pulls = log.pulls;

        log.append(1);
        live(delivery, log.range(11, 11));
        assertThat(log.pulls).as("the next entry comes from memory").isEqualTo(pulls);

        log.append(2);
        live(delivery, log.range(13, 13)); // 12's event is late: 13 is pulled with 12
        live(delivery, log.range(12, 12));
        live(delivery, log.range(11, 11)); // a repeat
        peer.drain();
        assertThat(peer.seqs()).containsExactly(11L, 12L, 13L);
        assertThat(log.pulls).isGreaterThan(pulls);
    }

    @Test
    void aDeviceRemovedByACommitThatAlsoWelcomesAnotherStopsFollowingWithoutPullingAgain() {
        Log log = new Log();
        log.append(10);
        Peer peer = new Peer(64);
        List<String> unfollowed = new ArrayList<>();
        DeviceDelivery delivery = new DeviceDelivery(peer, log, Runnable::run,
                (d, conversation, following) -> {
                    if (!following) {
                        unfollowed.add(conversation);
                    }
                }, task -> task);
        delivery.start(List.of(new MailboxManager.Subscription(ROOM, 10)));
        peer.drain();

        // one commit (11) removes this device and welcomes another (12): the live head is past what it may read
        SequencedEntry commit = new SequencedEntry(ROOM, 11, EntryKind.COMMIT, "remove-bob", 1, "alice", "laptop", null,
                null, new byte[] {1});
        SequencedEntry welcome = new SequencedEntry(ROOM, 12, EntryKind.WELCOME, null, 2, "alice", "laptop", "carol",
                "tablet", new byte[] {1});
        log.entries.add(commit);
        log.entries.add(welcome);
        log.leftSeq = 11;
        int pulls = log.pulls;
        live(delivery, List.of(commit, welcome));
        peer.drain();

        assertThat(peer.seqs()).as("the removing commit, nothing after it").containsExactly(11L);
        assertThat(unfollowed).containsExactly(ROOM);
        assertThat(delivery.follows(ROOM)).isFalse();
        assertThat(log.pulls - pulls).as("one pull reads up to the removal and ends").isEqualTo(1);
    }

    @Test
    void entriesAnnouncedByAnotherNodeArePulledFromTheLogInOrderOnce() {
        Log log = new Log();
        log.append(10);
        Peer peer = new Peer(64);
        DeviceDelivery delivery = delivery(peer, log);
        delivery.start(List.of(new MailboxManager.Subscription(ROOM, 10)));
        peer.drain();

        log.append(3); // 11..13, committed on another node: no live event here, only their head
        delivery.head(ROOM, 13);
        delivery.head(ROOM, 12); // late and out of order
        delivery.head(ROOM, 13); // twice
        delivery.head("another-room", 99); // not followed
        peer.drain();
        assertThat(peer.seqs()).containsExactly(11L, 12L, 13L);

        int pulls = log.pulls;
        log.append(1);
        live(delivery, log.range(14, 14));
        peer.drain();
        assertThat(log.pulls).as("the next local entry comes from memory again").isEqualTo(pulls);
        assertThat(peer.seqs()).containsExactly(11L, 12L, 13L, 14L);
    }

    @Test
    void aRefreshReadsWhatNoAnnouncementReported() {
        Log log = new Log();
        log.append(10);
        Peer peer = new Peer(64);
        DeviceDelivery delivery = delivery(peer, log);
        delivery.start(List.of(new MailboxManager.Subscription(ROOM, 10)));
        peer.drain();

        log.append(2); // committed by a node that left before announcing them
        delivery.refresh();
        delivery.refresh();
        peer.drain();
        assertThat(peer.seqs()).containsExactly(11L, 12L);
    }
}
