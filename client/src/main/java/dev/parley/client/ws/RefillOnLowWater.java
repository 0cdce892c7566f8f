package dev.parley.client.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ConnectionListener} decorator for long-running connections: when the gateway pushes
 * {@code key_packages_low}, and on every reconnect (a push sent while the device was offline is lost), it runs
 * {@code refill} on a thread of its own, so the connection's thread is never held up. Refills do not pile up: a push
 * arriving while one runs is answered by that one's count. Every call is passed on to the decorated listener, the
 * push included.
 */
public final class RefillOnLowWater implements ConnectionListener {

    /** The frame the gateway pushes when a claim leaves this device below its low-water mark. */
    public static final String KEY_PACKAGES_LOW = "key_packages_low";

    private final ConnectionListener delegate;
    private final Runnable refill;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-keypackage-refill");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private boolean connectedBefore;

    /** @param refill tops the KeyPackages up (e.g. {@code KeyPackagePool.refill}); reports its own failures */
    public RefillOnLowWater(ConnectionListener delegate, Runnable refill) {
        this.delegate = delegate;
        this.refill = refill;
    }

    @Override
    public void connected(Connected connected) {
        delegate.connected(connected);
        if (connectedBefore) {
            requestRefill();
        }
        connectedBefore = true;
    }

    @Override
    public void frame(JsonNode frame) {
        delegate.frame(frame);
        if (KEY_PACKAGES_LOW.equals(frame.path("type").asText())) {
            requestRefill();
        }
    }

    @Override
    public void disconnected(int closeCode, String reason, Duration retryIn) {
        delegate.disconnected(closeCode, reason, retryIn);
    }

    @Override
    public void stopped(Stopped stopped) {
        worker.shutdown();
        delegate.stopped(stopped);
    }

    private void requestRefill() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                queued.set(false);
                refill.run();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.set(false); // stopped
        }
    }
}
