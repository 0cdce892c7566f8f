package dev.parley.client.store;

import java.time.Instant;

/**
 * A conversation as this device knows it.
 *
 * @param kind         {@code dm} or {@code room}
 * @param groupId      the MLS group id
 * @param state        {@link #ACTIVE}, {@link #REMOVED} or {@link #LEFT}
 * @param peerUserId   the other user of a direct conversation, else null
 * @param processedSeq the highest log seq processed here
 * @param ackedSeq     the highest seq acknowledged to the gateway
 */
public record LocalConversation(String convId, String kind, String name, byte[] groupId, long epoch, String state,
                                String peerUserId, long processedSeq, long ackedSeq, Instant createdAt, Instant updatedAt) {

    public static final String ACTIVE = "active";
    public static final String REMOVED = "removed";
    public static final String LEFT = "left";

    public boolean active() {
        return ACTIVE.equals(state);
    }
}
