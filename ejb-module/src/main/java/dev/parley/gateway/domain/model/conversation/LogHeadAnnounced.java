package dev.parley.gateway.domain.model.conversation;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import java.util.Set;

/**
 * Another node of the cluster appended entries to a conversation's log, up to {@code head}, and they are durable (it
 * announces after its commit). It carries no entries: whoever follows the conversation on this node reads them from the
 * log. Fired (CDI event) outside any transaction, on the thread that received the announcement.
 *
 * <p>Announcements of one conversation may arrive out of order or twice: a head only ever raises what a reader knows.
 *
 * @param conversationId the conversation
 * @param head           the last seq appended
 * @param newcomers      the devices whose membership may have begun with these entries ({@link EntriesAppended#mayHaveJoined()})
 */
public record LogHeadAnnounced(String conversationId, long head, Set<DeviceAddress> newcomers) {

    public LogHeadAnnounced {
        newcomers = Set.copyOf(newcomers);
    }
}
