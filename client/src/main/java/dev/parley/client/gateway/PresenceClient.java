package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The gateway's presence over REST ({@code /api/v1/presence}, docs/protocol.md#presence). */
public final class PresenceClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Presences(List<PresenceEntry> presence) {
    }

    private final GatewayClient gateway;

    public PresenceClient(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /**
     * {@code PUT presence}: sets this device's status and/or the user's invisible flag (null: unchanged). Without a
     * live connection of the device the lease lasts {@link OwnPresence#leaseSeconds()} unless repeated.
     */
    public OwnPresence set(String deviceId, String status, Boolean invisible) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (status != null) {
            body.put("status", status);
        }
        if (invisible != null) {
            body.put("invisible", invisible);
        }
        return GatewayClient.read(gateway.call("PUT", "api/v1/presence", body, Map.of(GatewayClient.DEVICE_HEADER, deviceId)),
                OwnPresence.class);
    }

    /** {@code GET presence/me}. */
    public OwnPresence own() {
        return GatewayClient.read(gateway.call("GET", "api/v1/presence/me", null, Map.of()), OwnPresence.class);
    }

    /** {@code GET presence?user_id=...}: what the caller sees of the users now, in the order asked. */
    public List<PresenceEntry> query(List<String> userIds) {
        String query = userIds.stream().map(id -> "user_id=" + GatewayClient.segment(id)).collect(Collectors.joining("&"));
        return GatewayClient.read(gateway.call("GET", "api/v1/presence?" + query, null, Map.of()), Presences.class).presence();
    }
}
