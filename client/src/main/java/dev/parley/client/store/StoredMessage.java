package dev.parley.client.store;

import java.time.Instant;

/**
 * A message of a conversation as stored here, in log order.
 *
 * @param kind {@link #TEXT}, {@link #EVENT} or {@link #UNDECRYPTABLE}
 * @param body sealed with the store key
 */
public record StoredMessage(String convId, long seq, String msgId, String senderUserId, String senderDeviceId, String kind,
                            byte[] body, Instant sentAt, Instant receivedAt) {

    public static final String TEXT = "text";
    public static final String EVENT = "event";
    public static final String UNDECRYPTABLE = "undecryptable";
}
