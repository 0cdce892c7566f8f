package dev.parley.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;

/**
 * The realm's answer to a device authorization request (RFC 8628 §3.2): what the user must open and type,
 * and how the client polls.
 *
 * @param verificationUriComplete the address with the user code in it; null if the realm sends none
 * @param interval                the minimum wait between polls (5 s when the realm names none)
 */
public record DeviceAuthorization(String deviceCode, String userCode, URI verificationUri, URI verificationUriComplete,
                                  Duration expiresIn, Duration interval) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    static DeviceAuthorization fromJson(JsonNode json) {
        String deviceCode = json.path("device_code").asText(null);
        String userCode = json.path("user_code").asText(null);
        String verificationUri = json.path("verification_uri").asText(null);
        if (deviceCode == null || userCode == null || verificationUri == null || !json.path("expires_in").canConvertToLong()) {
            throw new IllegalStateException("The realm's device authorization answer lacks device_code, user_code, "
                    + "verification_uri or expires_in.");
        }
        String complete = json.path("verification_uri_complete").asText(null);
        long interval = json.path("interval").asLong(0);
        return new DeviceAuthorization(deviceCode, userCode, URI.create(verificationUri),
                complete == null ? null : URI.create(complete), Duration.ofSeconds(json.path("expires_in").asLong()),
                interval > 0 ? Duration.ofSeconds(interval) : DEFAULT_INTERVAL);
    }
}
