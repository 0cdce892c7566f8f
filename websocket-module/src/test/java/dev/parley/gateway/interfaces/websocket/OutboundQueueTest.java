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
}
