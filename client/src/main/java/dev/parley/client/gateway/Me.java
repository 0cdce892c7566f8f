package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code GET /api/v1/me}: the signed-in user as the gateway sees them. */
public record Me(@JsonProperty("user_id") String userId,
                 @JsonProperty("username") String username,
                 @JsonProperty("gateway_id") String gatewayId,
                 @JsonProperty("served_by") String servedBy,
                 @JsonProperty("server_version") String serverVersion,
                 @JsonProperty("protocol_version") int protocolVersion) {
}
