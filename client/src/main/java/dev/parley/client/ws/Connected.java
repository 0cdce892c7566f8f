package dev.parley.client.ws;

/** The gateway accepted the device on a connection ({@code connected} frame). */
public record Connected(String gatewayId, String sessionId, String userId, String deviceId, int protocolVersion) {
}
