package dev.parley.gateway.infrastructure.cluster;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.wildfly.clustering.server.dispatcher.Command;

/**
 * "Conversation X has entries up to seq N, and these devices may have joined it": what a node sends the others after a
 * commit. Ids and a number only, never message bytes: the receiving node reads the entries from the shared log.
 * Marshalled by WildFly's command dispatcher (JBoss Marshalling, as a {@link Serializable}).
 */
final class HeadAnnouncement implements Command<Void, ClusterReceiver, RuntimeException>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String conversationId;
    private final long head;
    /** {@code userIds[i]}/{@code deviceIds[i]} may have joined. */
    private final String[] userIds;
    private final String[] deviceIds;

    HeadAnnouncement(String conversationId, long head, List<DeviceAddress> newcomers) {
        this.conversationId = conversationId;
        this.head = head;
        this.userIds = newcomers.stream().map(DeviceAddress::userId).toArray(String[]::new);
        this.deviceIds = newcomers.stream().map(DeviceAddress::deviceId).toArray(String[]::new);
    }

    String conversationId() {
        return conversationId;
    }

    long head() {
        return head;
    }

    List<DeviceAddress> newcomers() {
        List<DeviceAddress> newcomers = new ArrayList<>(userIds.length);
        for (int i = 0; i < userIds.length; i++) {
            newcomers.add(new DeviceAddress(userIds[i], deviceIds[i]));
        }
        return newcomers;
    }

    @Override
    public Void execute(ClusterReceiver receiver) {
        receiver.headAdvanced(conversationId, head, newcomers());
        return null;
    }

    @Override
    public String toString() {
        return "head of " + conversationId + " is " + head;
    }
}
