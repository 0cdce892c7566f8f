package dev.parley.client.mls;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock every bcmls call of this process runs under. bcmls is not thread-safe, and its cipher suites are
 * process-wide singletons with internal digest and AEAD state ({@code MlsCipherSuite.getSuite()}), so even two
 * clients in one JVM must not call it at the same time: the lock is per process, not per client.
 */
public final class MlsLock {

    private static final ReentrantLock LOCK = new ReentrantLock();

    private MlsLock() {
    }

    /** Runs {@code work} holding the lock; every failure of bcmls (checked or not) comes out as {@link MlsException}. */
    public static <T> T locked(Callable<T> work) {
        LOCK.lock();
        try {
            return work.call();
        } catch (MlsException e) {
            throw e;
        } catch (Exception e) {
            throw new MlsException("MLS operation failed: " + e.getMessage(), e);
        } finally {
            LOCK.unlock();
        }
    }
}
