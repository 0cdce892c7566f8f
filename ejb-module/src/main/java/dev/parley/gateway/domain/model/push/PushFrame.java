package dev.parley.gateway.domain.model.push;

/**
 * A message the gateway sends to a device without being asked: a JSON object ({@code snake_case} fields of a
 * record) whose {@code type} names it. Every door (WebSocket now, SSE later) delivers it as it is.
 */
public interface PushFrame {

    String type();
}
