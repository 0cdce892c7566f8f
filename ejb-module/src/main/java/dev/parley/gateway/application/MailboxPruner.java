package dev.parley.gateway.application;

import dev.parley.gateway.infrastructure.cluster.ClusterNode;
import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies the mailbox's retention every {@code parley.mailbox.prune-interval-seconds}: one short transaction per
 * conversation ({@link MailboxManager#prune}), so that writers of a conversation wait for at most one of them. In a
 * cluster only the coordinator prunes ({@link ClusterNode#isCoordinator()}); the others skip their ticks.
 */
@ApplicationScoped
public class MailboxPruner {

    private static final Logger LOG = Logger.getLogger(MailboxPruner.class);

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    MailboxManager mailbox;

    @Inject
    ConversationStore conversations;

    @Inject
    GatewayConfig config;

    @Inject
    ClusterNode cluster;

    private ScheduledFuture<?> task;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) @Initialized(ApplicationScoped.class) Object event) {
        synchronized (this) {
            if (task == null) {
                long interval = config.pruneInterval().toMillis();
                task = executor.scheduleWithFixedDelay(this::pruneSafely, interval, interval, TimeUnit.MILLISECONDS);
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void pruneSafely() {
        if (!cluster.isCoordinator()) {
            return;
        }
        try {
            int deleted = 0;
            for (String conversationId : candidates()) {
                deleted += mailbox.prune(conversationId);
            }
            if (deleted > 0) {
                LOG.debugf("Retention deleted %d log entries", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning the conversation logs failed; retrying at the next interval", e);
        }
    }

    @Transactional
    List<String> candidates() {
        return conversations.conversationsWithEntries();
    }
}
