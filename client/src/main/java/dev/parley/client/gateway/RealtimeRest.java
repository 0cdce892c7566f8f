package dev.parley.client.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The REST calls behind the SSE door: the nonce a stream's device proof signs, and the requests the WebSocket carries
 * as frames ({@code send}, {@code commit}, {@code ack}, {@code set_presence}) made as this device.
 */
public final class RealtimeRest {

    private final GatewayClient gateway;

    public RealtimeRest(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /** {@code POST /api/v1/realtime/nonces}: a single-use nonce (base64url) for the stream's device proof. */
    public String nonce() {
        return gateway.call("POST", "api/v1/realtime/nonces", null, Map.of()).json().path("nonce").asText();
    }

    /** The gateway's id, which the device proof names. */
    public String gatewayId() {
        return gateway.gatewayId();
    }

    /** A call as {@code deviceId}; the gateway's answer, or a {@link GatewayException}. */
    public JsonNode call(String method, String path, Object body, String deviceId) {
        return gateway.call(method, path, body, Map.of(GatewayClient.DEVICE_HEADER, deviceId)).json();
    }

    /** {@code conversations/{id}/...} with the id as one path segment. */
    public static String conversationPath(String conversationId, String rest) {
        return "api/v1/conversations/" + GatewayClient.segment(conversationId) + "/" + rest;
    }
}
