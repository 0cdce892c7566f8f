package dev.parley.gateway.interfaces.websocket;

import dev.parley.gateway.application.MailboxManager;
import dev.parley.gateway.domain.model.conversation.EntriesAppended;
import dev.parley.gateway.domain.model.conversation.LogHeadAnnounced;
import dev.parley.gateway.domain.model.conversation.LogsMayHaveAdvanced;
import dev.parley.gateway.domain.model.device.DeviceAddress;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Realtime delivery of the conversation log to live connections, for every door. A message is stored once (by
 * {@code ConversationLog}); once its transaction has committed, this observer hands it from memory to the
 * {@link DeviceDelivery} of each live connection that follows the conversation — no transaction and no lock per
 * recipient. Devices without a live connection read it from the log when they connect.
 */
@ApplicationScoped
public class MessageDelivery {

    private static final Logger LOG = Logger.getLogger(MessageDelivery.class);

    @Inject
    MailboxManager mailbox;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ContextService contexts;

    private final Map<DeviceAddress, DeviceDelivery> byDevice = new ConcurrentHashMap<>();
    private final Map<String, Set<DeviceDelivery>> byConversation = new ConcurrentHashMap<>();

    /**
     * The device's connection is live (it was just told so): deliver what waits after its cursors, then
     * {@code caught_up}, then live entries. Replaces the delivery of a connection it displaced.
     */
    public void attach(DeliveryTarget target) {
        attach(target, Map.of());
    }

    /**
     * As {@link #attach(DeliveryTarget)}, resuming the conversations in {@code resumeAfter} after the seq given instead
     * of the cursor (SSE's {@code Last-Event-ID}).
     */
    public void attach(DeliveryTarget target, Map<String, Long> resumeAfter) {
        DeviceDelivery delivery = new DeviceDelivery(target, mailbox, executor, this::index,
                task -> contexts.createContextualProxy(task, Runnable.class));
        DeviceDelivery previous = byDevice.put(target.device(), delivery);
        if (previous != null) {
            previous.stop();
            byConversation.values().forEach(followers -> followers.remove(previous));
        }
        delivery.start(mailbox.subscriptions(target.device().userId(), target.device().deviceId()).stream()
                .map(s -> resumeAfter.containsKey(s.conversationId())
                        ? new MailboxManager.Subscription(s.conversationId(), resumeAfter.get(s.conversationId()))
                        : s)
                .toList());
    }

    /** The connection closed (or was displaced): it gets nothing more. */
    public void detach(DeliveryTarget target) {
        DeviceDelivery delivery = byDevice.get(target.device());
        if (delivery != null && delivery.target() == target) {
            byDevice.remove(target.device(), delivery);
        }
        byConversation.values().forEach(followers -> followers.removeIf(d -> d.target() == target));
        if (delivery != null && delivery.target() == target) {
            delivery.stop();
        }
    }

    /** The live delivery of the device on this node, if it has one. */
    Optional<DeviceDelivery> of(DeviceAddress device) {
        return Optional.ofNullable(byDevice.get(device));
    }

    void appended(@Observes(during = TransactionPhase.AFTER_SUCCESS) EntriesAppended event) {
        try {
            Set<DeviceDelivery> followers = byConversation.get(event.conversationId());
            if (followers != null && !followers.isEmpty()) {
                List<EncodedFrame> frames = event.entries().stream().map(EncodedFrame::message).toList();
                for (DeviceDelivery follower : followers) {
                    follower.live(event.conversationId(), event.entries(), frames);
                }
            }
            // Memberships that may have begun without the live connection knowing: the devices a commit welcomes, and
            // a sender that was not followed yet (the creator of a conversation made while it was connected).
            followNewcomers(event.conversationId(), event.mayHaveJoined(), Long.MIN_VALUE);
        } catch (RuntimeException e) {
            // Never fail the sender's request after its commit: the devices catch up from the log.
            LOG.warnf(e, "Live delivery of %s failed", event.conversationId());
        }
    }

    /**
     * Another node appended entries to a conversation (announced through the cluster, after its commit): the followers
     * here that are behind pull them from the log, and devices connected here that may have joined start following.
     */
    void announced(@Observes LogHeadAnnounced event) {
        try {
            Set<DeviceDelivery> followers = byConversation.get(event.conversationId());
            if (followers != null) {
                for (DeviceDelivery follower : followers) {
                    follower.head(event.conversationId(), event.head());
                }
            }
            followNewcomers(event.conversationId(), event.newcomers(), event.head());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Live delivery of %s up to %d failed", event.conversationId(), event.head());
        }
    }

    /** Entries may have been appended anywhere without this node hearing of it: every live delivery reads its logs again. */
    void resync(@Observes LogsMayHaveAdvanced event) {
        LOG.debugf("Re-reading the followed logs of %d connections: %s", byDevice.size(), event.reason());
        for (DeviceDelivery delivery : byDevice.values()) {
            try {
                delivery.refresh();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Re-reading the logs of a connection failed");
            }
        }
    }

    private void followNewcomers(String conversationId, Set<DeviceAddress> newcomers, long head) {
        for (DeviceAddress newcomer : newcomers) {
            DeviceDelivery delivery = byDevice.get(newcomer);
            if (delivery != null && !delivery.follows(conversationId)) {
                delivery.follow(conversationId);
                if (head != Long.MIN_VALUE) {
                    delivery.head(conversationId, head);
                }
            }
        }
    }

    // Called by a delivery with its own lock held; the index is concurrent and takes no other lock.
    private void index(DeviceDelivery delivery, String conversationId, boolean following) {
        if (following) {
            byConversation.computeIfAbsent(conversationId, c -> ConcurrentHashMap.newKeySet()).add(delivery);
        } else {
            byConversation.computeIfPresent(conversationId, (c, followers) -> {
                followers.remove(delivery);
                return followers.isEmpty() ? null : followers;
            });
        }
    }
}
