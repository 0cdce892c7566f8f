package dev.parley.gateway.interfaces.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    /** A peer that reads only when told to: each write completes when the test calls {@link #complete()}. */
    private static final class SlowPeer implements OutboundQueue.Writer<String> {
        final List<String> written = new ArrayList<>();
        Consumer<Throwable> pending;

        @Override
        public void write(String frame, Consumer<Throwable> done) {
            written.add(frame);
            pending = done;
        }

        void complete() {
            Consumer<Throwable> done = pending;
            pending = null;
            done.accept(null);
        }
    }

    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Test
    void writesOneFrameAtATimeInOrder() {
        SlowPeer peer = new SlowPeer();
        OutboundQueue<String> queue = new OutboundQueue<>(peer, 10, overflows::incrementAndGet, failure::set);

        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        assertThat(peer.written).containsExactly("a");
        assertThat(queue.waiting()).isEqualTo(2);

        peer.complete();
        peer.complete();
        assertThat(peer.written).containsExactly("a", "b", "c");
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void writesThatCompleteInlineDoNotRecurse() {
        List<String> written = new ArrayList<>();
        OutboundQueue<String> queue = new OutboundQueue<>((frame, done) -> {
            written.add(frame);
            done.accept(null);
        }, 10, overflows::incrementAndGet, failure::set);

        for (int i = 0; i < 100_000; i++) {
            assertThat(queue.offer("f" + i)).isTrue();
        }
        assertThat(written).hasSize(100_000).startsWith("f0", "f1").endsWith("f99999");
    }

    @Test
    void overflowClosesTheQueueAndReportsOnce() {
        SlowPeer peer = new SlowPeer();
        OutboundQueue<String> queue = new OutboundQueue<>(peer, 2, overflows::incrementAndGet, failure::set);

        assertThat(queue.offer("in flight")).isTrue();
        assertThat(queue.offer("waiting 1")).isTrue();
        assertThat(queue.offer("waiting 2")).isTrue();
        assertThat(queue.offer("one too many")).isFalse();
        assertThat(queue.offer("after")).isFalse();

        assertThat(overflows).hasValue(1);
        assertThat(queue.waiting()).isZero();
        peer.complete();
        assertThat(peer.written).containsExactly("in flight");
    }

    @Test
    void aFailedWriteClosesTheQueue() {
        AtomicReference<Consumer<Throwable>> pending = new AtomicReference<>();
        OutboundQueue<String> queue = new OutboundQueue<>((frame, done) -> pending.set(done), 10, overflows::incrementAndGet, failure::set);

        queue.offer("a");
        queue.offer("b");
        pending.get().accept(new IOException("broken pipe"));

        assertThat(failure.get()).hasMessage("broken pipe");
        assertThat(queue.offer("c")).isFalse();
        assertThat(overflows).hasValue(0);
    }

    private static OutboundQueue.Combiner<String> combiner(boolean active) {
        return new OutboundQueue.Combiner<>() {
            @Override
            public boolean active() {
                return active;
            }

            @Override
            public String combine(List<String> frames) {
                return Connection.batch(frames);
            }
        };
    }

    @Test
    void framesThatPiledUpDuringAWriteGoOutTogetherInOrderWhenThePeerTakesBatches() {
        SlowPeer peer = new SlowPeer();
        OutboundQueue<String> queue = new OutboundQueue<>(peer, 10, 1_000, String::length, combiner(true),
                overflows::incrementAndGet, failure::set);

        queue.offer("{\"n\":1}");
        queue.offer("{\"n\":2}");
        queue.offer("{\"n\":3}");
        queue.offer("{\"n\":4}");
        assertThat(peer.written).containsExactly("{\"n\":1}");

        peer.complete();
        assertThat(peer.written).containsExactly("{\"n\":1}",
                "{\"type\":\"batch\",\"frames\":[{\"n\":2},{\"n\":3},{\"n\":4}]}");
        assertThat(queue.waiting()).isZero();
        assertThat(queue.waitingBytes()).isZero();
    }

    @Test
    void withoutTheCapabilityEveryFrameGoesAlone() {
        SlowPeer peer = new SlowPeer();
        OutboundQueue<String> queue = new OutboundQueue<>(peer, 10, 1_000, String::length, combiner(false),
                overflows::incrementAndGet, failure::set);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        peer.complete();
        peer.complete();
        assertThat(peer.written).containsExactly("a", "b", "c");
    }

    @Test
    void theByteBudgetOverflowsLikeTheFrameCapacity() {
        SlowPeer peer = new SlowPeer();
        OutboundQueue<String> queue = new OutboundQueue<>(peer, 100, 10, String::length, null,
                overflows::incrementAndGet, failure::set);
        assertThat(queue.offer("0123456789abc")).as("one large frame into an empty queue").isTrue();
        assertThat(queue.offer("01234")).isTrue();
        assertThat(queue.offer("012345")).as("5 + 6 bytes waiting > 10").isFalse();
        assertThat(overflows.get()).isEqualTo(1);
        assertThat(queue.offer("x")).as("closed after the overflow").isFalse();
    }
}
