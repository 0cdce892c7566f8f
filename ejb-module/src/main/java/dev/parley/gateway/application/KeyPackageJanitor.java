package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.device.DeviceRevoked;
import dev.parley.gateway.infrastructure.cluster.ClusterNode;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
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

/**
 * Keeps the KeyPackage directory clean: purges expired KeyPackages periodically ({@code
 * parley.key-packages.purge-interval-minutes}, hourly by default) and deletes a device's KeyPackages when its
 * revocation arrives ({@link DeviceRevoked}; idempotent, so a repeated event is harmless). In a cluster only the
 * coordinator purges ({@link ClusterNode#isCoordinator()}); every node applies revocations it reads from the feed.
 */
@ApplicationScoped
public class KeyPackageJanitor {

    private static final Logger LOG = Logger.getLogger(KeyPackageJanitor.class);

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    KeyPackageManager keyPackages;

    @Inject
    GatewayConfig config;

    @Inject
    ClusterNode cluster;

    private ScheduledFuture<?> task;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) @Initialized(ApplicationScoped.class) Object event) {
        synchronized (this) {
            if (task == null) {
                long minutes = config.keyPackagePurgeInterval().toMinutes();
                task = executor.scheduleWithFixedDelay(this::purgeSafely, minutes, minutes, TimeUnit.MINUTES);
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void onRevoked(@Observes DeviceRevoked revoked) {
        int deleted = keyPackages.deleteDevice(revoked.userId(), revoked.deviceId());
        LOG.debugf("deleted %d KeyPackages of revoked device %s/%s", deleted, revoked.userId(), revoked.deviceId());
    }

    void purgeSafely() {
        if (!cluster.isCoordinator()) {
            return;
        }
        try {
            int purged = keyPackages.purgeExpired();
            if (purged > 0) {
                LOG.infof("purged %d expired KeyPackages", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("purging expired KeyPackages failed; retrying at the next interval", e);
        }
    }
}
