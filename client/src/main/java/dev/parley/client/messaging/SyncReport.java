package dev.parley.client.messaging;

import java.util.List;

/**
 * What a sync did: entries processed, new messages (in order), messages sent from the outbox, what is still queued, and
 * the membership changes this device made (own new devices added, revoked devices removed).
 *
 * @param queued outbox entries not sent (the gateway was unreachable or refused); they are tried again later
 */
public record SyncReport(int processed, List<HistoryItem> received, int sent, int queued, List<String> changes,
                         List<String> warnings) {
}
