package dev.parley.gateway.interfaces.websocket;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The frames waiting to be written to one connection. Frames are written one at a time, in the order they
 * were offered, with the container's asynchronous send, so a sender never waits for a slow peer.
 *
 * <p>Invariant: at most {@code capacity} frames wait. The offer that would exceed it fails, the queue
 * closes (every later offer fails too) and {@code onOverflow} runs once, outside the queue's lock: the
 * connection is then closed as a slow consumer and the device resumes from its cursor.
 */
public final class OutboundQueue<T> {

    /** {@link #writingSince()} when no write is unfinished. */
    public static final long NOT_WRITING = Long.MIN_VALUE;

    /** Writes one frame; calls {@code done} exactly once, with {@code null} on success or the failure. */
    public interface Writer<T> {
        void write(T frame, Consumer<Throwable> done);
    }

    private final Writer<T> writer;
    private final int capacity;
    private final Runnable onOverflow;
    private final Consumer<Throwable> onWriteFailure;
    private final Deque<T> waiting = new ArrayDeque<>();
    private boolean writing;
    private volatile long writingSince = NOT_WRITING;
    private boolean pumping;
    private boolean closed;
    private Runnable onDrained;

    public OutboundQueue(Writer<T> writer, int capacity, Runnable onOverflow, Consumer<Throwable> onWriteFailure) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.writer = writer;
        this.capacity = capacity;
        this.onOverflow = onOverflow;
        this.onWriteFailure = onWriteFailure;
    }

    /** Queues a frame; {@code false} if the queue is closed or this offer overflowed it. */
    public boolean offer(T frame) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (waiting.size() < capacity) {
                waiting.add(frame);
                pump();
                return true;
            }
            closed = true;
            waiting.clear();
        }
        onOverflow.run();
        return false;
    }

    /** Frames offered but not yet handed to the container. */
    public synchronized int waiting() {
        return waiting.size();
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
                writer.write(waiting.poll(), this::written);
            }
        } finally {
            pumping = false;
        }
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
            }
        }
        if (failure != null) {
            onWriteFailure.accept(failure);
        } else if (drained != null) {
            drained.run();
        }
    }
}
