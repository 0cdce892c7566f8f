package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.application.MailboxManager;
import dev.parley.gateway.domain.model.conversation.EntryKind;
import dev.parley.gateway.domain.model.conversation.SequencedEntry;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Delivers the log entries of a device's conversations to its one live connection: first what waits after its
 * cursors (catch-up, paged from the log), then one {@code caught_up}, then live entries handed over from memory.
 *
 * <p>Invariants, per conversation: entries reach the connection in seq order, each at most once; an entry the device
 * may not read is never sent. {@code position} is the seq up to which everything the device may read was sent. A live
 * entry is sent from memory only when it is the next one after {@code position} and the queue has room; otherwise the
 * conversation is pulled from the log until it reaches the live head. Pulls fill the connection's queue to half its
 * capacity at most and resume as it drains, so a device far behind is never closed as a slow consumer by its backlog.
 * Database reads run on the executor, one pull at a time per connection, never on the thread of a sender.
 */
final class DeviceDelivery {

    private static final Logger LOG = Logger.getLogger(DeviceDelivery.class);
    /** A stream whose cursor is still to be read (a membership that began while the device was connected). */
    private static final long UNKNOWN = -1;

    private static final class Stream {
        final String conversationId;
        long position;
        long knownHead;
        boolean pulling;

        Stream(String conversationId, long position) {
            this.conversationId = conversationId;
            this.position = position;
            this.knownHead = position;
        }
    }

    private final DeliveryTarget target;
    private final DeviceAddress device;
    private final MailboxManager mailbox;
    private final Executor executor;
    /** Told when this delivery starts or stops following a conversation. */
    interface Following {
        void changed(DeviceDelivery delivery, String conversationId, boolean following);
    }

    private final Following subscriptions;
    private final Runnable resume;
    private final Map<String, Stream> streams = new HashMap<>();
    private final Deque<Stream> pulls = new ArrayDeque<>();
    private final Set<String> catchingUp = new HashSet<>();
    private boolean pumping;
    private boolean caughtUp;
    private volatile boolean closed;

    /**
     * @param subscriptions told when this delivery starts or stops following a conversation
     * @param contextual    wraps a task so that it runs in the application's context from any thread
     */
    DeviceDelivery(DeliveryTarget target, MailboxManager mailbox, Executor executor,
            Following subscriptions, UnaryOperator<Runnable> contextual) {
        this.target = target;
        this.device = target.device();
        this.mailbox = mailbox;
        this.executor = executor;
        this.subscriptions = subscriptions;
        this.resume = contextual.apply(this::resume);
    }

    DeliveryTarget target() {
        return target;
    }

    /** Starts the catch-up from the device's cursors. */
    synchronized void start(List<MailboxManager.Subscription> initial) {
        for (MailboxManager.Subscription subscription : initial) {
            Stream stream = new Stream(subscription.conversationId(), subscription.cursor());
            streams.put(stream.conversationId, stream);
            subscriptions.changed(this, stream.conversationId, true);
            catchingUp.add(stream.conversationId);
            schedulePull(stream);
        }
        caughtUpIfDone();
    }

    /** The connection closed: nothing more is sent. Takes no lock (it may run inside the connection's close). */
    void stop() {
        closed = true;
    }

    /** Whether the device follows the conversation on this connection. */
    synchronized boolean follows(String conversationId) {
        return streams.containsKey(conversationId);
    }

    /** The seq up to which the conversation was delivered on this connection, if it follows it. */
    synchronized Optional<Long> delivered(String conversationId) {
        Stream stream = streams.get(conversationId);
        return stream == null || stream.position == UNKNOWN ? Optional.empty() : Optional.of(stream.position);
    }

    /** A membership that may have begun while connected: follow the conversation from the device's cursor. */
    synchronized void follow(String conversationId) {
        if (closed || streams.containsKey(conversationId)) {
            return;
        }
        Stream stream = new Stream(conversationId, UNKNOWN);
        streams.put(conversationId, stream);
        subscriptions.changed(this, conversationId, true);
        schedulePull(stream);
    }

    /**
     * Entries just appended to a conversation this device follows (contiguous, by seq, durable), with their frames
     * encoded once for every recipient ({@code frames.get(i)} is the frame of {@code entries.get(i)}).
     */
    synchronized void live(String conversationId, List<SequencedEntry> entries, List<EncodedFrame> frames) {
        Stream stream = streams.get(conversationId);
        if (closed || stream == null || entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).seq();
        long last = entries.get(entries.size() - 1).seq();
        stream.knownHead = Math.max(stream.knownHead, last);
        if (stream.pulling || last <= stream.position) {
            return;
        }
        // A commit may remove this device: the log, not memory, decides what it may still read after one.
        boolean membershipMayChange = entries.stream().anyMatch(e -> e.kind() == EntryKind.COMMIT);
        if (first == stream.position + 1 && !membershipMayChange
                && target.queuedFrames() + entries.size() <= target.capacity() / 2) {
            for (int i = 0; i < entries.size(); i++) {
                SequencedEntry entry = entries.get(i);
                if (readable(entry) && !target.send(frames.get(i))) {
                    return;
                }
                stream.position = entry.seq();
            }
            return;
        }
        schedulePull(stream);
    }

    /**
     * The conversation has entries up to {@code head} that were appended elsewhere (another node of the cluster): if
     * this connection follows it and is behind, it pulls them from the log.
     */
    synchronized void head(String conversationId, long head) {
        Stream stream = streams.get(conversationId);
        if (closed || stream == null) {
            return;
        }
        stream.knownHead = Math.max(stream.knownHead, head);
        if (!stream.pulling && stream.position != UNKNOWN && head > stream.position) {
            schedulePull(stream);
        }
    }

    /** Entries may have been appended to any followed conversation unannounced: reads each log once more. */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        for (Stream stream : streams.values()) {
            schedulePull(stream);
        }
    }

    private boolean readable(SequencedEntry entry) {
        return !entry.targeted() || (device.userId().equals(entry.targetUserId()) && device.deviceId().equals(entry.targetDeviceId()));
    }

    // With the lock held.
    private void schedulePull(Stream stream) {
        if (!stream.pulling) {
            stream.pulling = true;
            pulls.add(stream);
        }
        if (!pumping) {
            pumping = true;
            executor.execute(this::pump);
        }
    }

    private synchronized void resume() {
        if (!closed && !pumping && !pulls.isEmpty()) {
            pumping = true;
            executor.execute(this::pump);
        }
    }

    private void pump() {
        try {
            while (pullOnce()) {
                // next page, or the next conversation
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Delivery to %s/%s failed; closing its connection so that it resumes from its cursors",
                    device.userId(), device.deviceId());
            synchronized (this) {
                pumping = false;
            }
            target.abandon("delivery failed; reconnect to resume");
        }
    }

    /** One page of one conversation; {@code false} when the pump stops (nothing to pull, queue full, closed). */
    private boolean pullOnce() {
        Stream stream;
        long after;
        int room;
        synchronized (this) {
            stream = pulls.peek();
            if (closed || !target.isOpen() || stream == null) {
                pumping = false;
                return false;
            }
            room = target.capacity() / 2 - target.queuedFrames();
            if (room <= 0 || room < target.capacity() / 4) {
                pumping = false;
                target.whenDrained(resume);
                return false;
            }
            after = stream.position;
        }
        if (after == UNKNOWN) {
            Optional<MailboxManager.Subscription> subscription = mailbox.subscription(device.userId(), device.deviceId(),
                    stream.conversationId);
            synchronized (this) {
                if (subscription.isEmpty()) {
                    unfollow(stream);
                } else {
                    stream.position = subscription.get().cursor();
                }
            }
            return true;
        }
        MailboxManager.Batch batch = mailbox.pull(stream.conversationId, device.userId(), device.deviceId(), after, room);
        synchronized (this) {
            if (closed) {
                pumping = false;
                return false;
            }
            if (batch.gap() && stream.position < batch.firstAvailableSeq() - 1) {
                if (!target.send(new DeliveryFrames.HistoryGap(stream.conversationId, batch.firstAvailableSeq()))) {
                    pumping = false;
                    return false;
                }
                stream.position = batch.firstAvailableSeq() - 1;
            }
            for (SequencedEntry entry : batch.entries()) {
                if (entry.seq() > stream.position) {
                    if (!target.send(EncodedFrame.message(entry))) {
                        pumping = false;
                        return false;
                    }
                    stream.position = entry.seq();
                }
            }
            stream.position = Math.max(stream.position, batch.position());
            if (batch.more()) {
                pulls.poll();
                pulls.add(stream);
            } else if (!batch.member()) {
                // Removed: everything up to the commit that removed it was sent; what follows (even entries the live
                // head announced) is not for this device.
                unfollow(stream);
            } else if (stream.knownHead <= stream.position) {
                pulls.remove(stream);
                stream.pulling = false;
                finishedCatchUp(stream.conversationId);
            }
            return true;
        }
    }

    // With the lock held.
    private void unfollow(Stream stream) {
        pulls.remove(stream);
        stream.pulling = false;
        streams.remove(stream.conversationId);
        subscriptions.changed(this, stream.conversationId, false);
        finishedCatchUp(stream.conversationId);
    }

    // With the lock held.
    private void finishedCatchUp(String conversationId) {
        if (catchingUp.remove(conversationId)) {
            caughtUpIfDone();
        }
    }

    // With the lock held.
    private void caughtUpIfDone() {
        if (!caughtUp && catchingUp.isEmpty()) {
            caughtUp = true;
            target.send(DeliveryFrames.CaughtUp.INSTANCE);
        }
    }
}
