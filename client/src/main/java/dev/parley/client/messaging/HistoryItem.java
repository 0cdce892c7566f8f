package dev.parley.client.messaging;

import java.time.Instant;

/**
 * One line of a conversation's history as this device decrypted it.
 *
 * @param kind    {@code text}, {@code event} or {@code undecryptable}
 * @param own     sent by this user
 * @param sentAt  the sender's clock, if it said
 */
public record HistoryItem(String conversationId, long seq, String msgId, String senderUserId, String senderName,
                          String senderDeviceId, String kind, String text, boolean own, Instant sentAt, Instant receivedAt) {
}
