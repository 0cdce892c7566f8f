package dev.parley.client.store;

import java.time.Instant;

/** A message waiting to be sent; its {@code msgId} is the one every attempt uses. {@code body} is sealed. */
public record OutboxEntry(String msgId, String convId, byte[] body, Instant createdAt, int attempts, String lastError) {
}
