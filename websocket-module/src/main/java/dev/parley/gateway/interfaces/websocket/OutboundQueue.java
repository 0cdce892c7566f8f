package dev.parley.gateway.interfaces.websocket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The frames waiting to be written to one connection. Frames are written in the order they were offered, one write
 * at a time, with the container's asynchronous send, so a sender never waits for a slow peer. With a
 * {@link Combiner}, the frames that piled up while a write was in flight go out together as one write.
 *
 * <p>Invariant: at most {@code capacity} frames and at most {@code maxBytes} bytes (as the weigher counts them) wait;
 * a single frame larger than that is accepted only into an empty queue. The offer that would exceed either fails, the
 * queue closes (every later offer fails too) and {@code onOverflow} runs once, outside the queue's lock: the
 * connection is then closed as a slow consumer and the device resumes from its cursor.
 */
public final class OutboundQueue<T> {

    /** {@link #writingSince()} when no write is unfinished. */
    public static final long NOT_WRITING = Long.MIN_VALUE;

    /** Writes one frame; calls {@code done} exactly once, with {@code null} on success or the failure. */
    public interface Writer<T> {
        void write(T frame, Consumer<Throwable> done);
    }

    /** Turns several waiting frames into one that carries them all, when the peer accepts that. */
    public interface Combiner<T> {
        /** Whether frames may be combined now. */
        boolean active();

        T combine(List<T> frames);
    }

    /** The most frames, and bytes, one combined write carries. */
    static final int MAX_COMBINED_FRAMES = 256;
    static final long MAX_COMBINED_BYTES = 512 * 1024;

    private final Writer<T> writer;
    private final int capacity;
    private final long maxBytes;
    private final ToIntFunction<T> weigher;
    private final Combiner<T> combiner;
    private final Runnable onOverflow;
    private final Consumer<Throwable> onWriteFailure;
    private final Deque<T> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean writing;
    private volatile long writingSince = NOT_WRITING;
    private boolean pumping;
    private boolean closed;
    private Runnable onDrained;

    /** A queue bounded by frames only, writing one frame at a time. */
    public OutboundQueue(Writer<T> writer, int capacity, Runnable onOverflow, Consumer<Throwable> onWriteFailure) {
        this(writer, capacity, Long.MAX_VALUE, frame -> 0, null, onOverflow, onWriteFailure);
    }

    public OutboundQueue(Writer<T> writer, int capacity, long maxBytes, ToIntFunction<T> weigher, Combiner<T> combiner,
            Runnable onOverflow, Consumer<Throwable> onWriteFailure) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity and bytes must be positive: " + capacity + ", " + maxBytes);
        }
        this.writer = writer;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.weigher = weigher;
        this.combiner = combiner;
        this.onOverflow = onOverflow;
        this.onWriteFailure = onWriteFailure;
    }

    /** Queues a frame; {@code false} if the queue is closed or this offer overflowed it. */
    public boolean offer(T frame) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            int weight = weigher.applyAsInt(frame);
            if (waiting.isEmpty() || (waiting.size() < capacity && waitingBytes + weight <= maxBytes)) {
                waiting.add(frame);
                waitingBytes += weight;
                pump();
                return true;
            }
            closed = true;
            waiting.clear();
            waitingBytes = 0;
        }
        onOverflow.run();
        return false;
    }

    /** Frames offered but not yet handed to the container. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Bytes (as weighed) of the frames offered but not yet handed to the container. */
    public synchronized long waitingBytes() {
        return waitingBytes;
    }

    /** How many frames may wait at most. */
    public int capacity() {
        return capacity;
    }

    /**
     * Runs {@code action} once, as soon as at most a quarter of the capacity waits (at once if that is so now), on
     * the thread that finished a write; it replaces an action registered before. Lets producers that hold their
     * backlog elsewhere (a log) fill the queue as it drains instead of overflowing it.
     */
    public void whenDrained(Runnable action) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (waiting.size() > capacity / 4) {
                onDrained = action;
                return;
            }
        }
        action.run();
    }

    /**
     * When the unfinished write was handed to the writer ({@link System#nanoTime()}), or {@link #NOT_WRITING}: lets
     * the owner enforce a write deadline on a peer that stopped reading.
     */
    public long writingSince() {
        return writingSince;
    }

    /** Drops what waits and refuses further frames (the connection is closing). */
    public synchronized void close() {
        closed = true;
        waiting.clear();
        waitingBytes = 0;
    }

    // Runs with the lock held. A write may complete inline (inside writer.write); its callback then only
    // clears the flag and this loop goes on, instead of recursing once per frame.
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!writing && !closed && !waiting.isEmpty()) {
                writing = true;
                writingSince = System.nanoTime();
                writer.write(next(), this::written);
            }
        } finally {
            pumping = false;
        }
    }

    // With the lock held: the next frame to write, several combined into one when the peer accepts that.
    private T next() {
        T first = waiting.poll();
        long bytes = weigher.applyAsInt(first);
        if (combiner == null || waiting.isEmpty() || !combiner.active()) {
            waitingBytes -= bytes;
            return first;
        }
        List<T> group = new ArrayList<>();
        group.add(first);
        while (!waiting.isEmpty() && group.size() < MAX_COMBINED_FRAMES
                && bytes + weigher.applyAsInt(waiting.peek()) <= MAX_COMBINED_BYTES) {
            T frame = waiting.poll();
            bytes += weigher.applyAsInt(frame);
            group.add(frame);
        }
        waitingBytes -= bytes;
        return group.size() == 1 ? first : combiner.combine(group);
    }

    private void written(Throwable failure) {
        Runnable drained = null;
        synchronized (this) {
            writing = false;
            writingSince = NOT_WRITING;
            if (failure == null) {
                pump();
                if (onDrained != null && waiting.size() <= capacity / 4) {
                    drained = onDrained;
                    onDrained = null;
                }
            } else {
                closed = true;
                waiting.clear();
                waitingBytes = 0;
            }
        }
        if (failure != null) {
            onWriteFailure.accept(failure);
        } else if (drained != null) {
            drained.run();
        }
    }
}
