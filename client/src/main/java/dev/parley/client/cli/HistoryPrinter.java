package dev.parley.client.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.messaging.HistoryItem;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Prints messages: {@code 10:42  alice: hi} for people, one JSON object per line with {@code --json}. */
final class HistoryPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final boolean json;

    HistoryPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void print(HistoryItem item) {
        if (json) {
            ObjectNode node = JsonHttp.JSON.createObjectNode();
            node.put("conversation_id", item.conversationId()).put("seq", item.seq()).put("msg_id", item.msgId())
                    .put("kind", item.kind()).put("sender_user_id", item.senderUserId()).put("sender", item.senderName())
                    .put("sender_device_id", item.senderDeviceId()).put("own", item.own()).put("text", item.text());
            if (item.sentAt() != null) {
                node.put("sent_at", item.sentAt().toString());
            }
            node.put("received_at", item.receivedAt().toString());
            out.println(node);
        } else {
            String when = TIME.format(item.sentAt() != null ? item.sentAt() : item.receivedAt() != null ? item.receivedAt() : Instant.now());
            String who = item.senderName() != null ? item.senderName() : item.senderUserId();
            switch (item.kind()) {
                case "event" -> out.println(when + "  * " + item.text());
                case "undecryptable" -> out.println(when + "  " + who + ": [" + item.text() + "]");
                default -> out.println(when + "  " + who + ": " + item.text());
            }
        }
        out.flush();
    }
}
