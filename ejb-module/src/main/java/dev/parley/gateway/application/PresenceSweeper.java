package dev.parley.gateway.application;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Ends expired presence leases once a second, so an expired lease turns into offline within a second. */
@ApplicationScoped
public class PresenceSweeper {

    private static final Logger LOG = Logger.getLogger(PresenceSweeper.class);

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    PresenceManager presence;

    private ScheduledFuture<?> task;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) @Initialized(ApplicationScoped.class) Object event) {
        synchronized (this) {
            if (task == null) {
                task = executor.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void sweepSafely() {
        try {
            presence.sweep();
        } catch (RuntimeException e) {
            LOG.warn("ending expired presence leases failed; retrying in a second", e);
        }
    }
}
