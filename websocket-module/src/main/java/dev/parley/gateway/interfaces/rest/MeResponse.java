package dev.parley.gateway.interfaces.rest;

/** Who the caller is to this gateway, and which gateway answered. */
public record MeResponse(
        String userId,
        String username,
        String gatewayId,
        String servedBy,
        String serverVersion,
        int protocolVersion) {
}
