package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The caller's own presence: the best status of their devices, the invisible flag, each device's status, and (after a
 * REST update) how long the lease lasts without being repeated.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OwnPresence(String status, boolean invisible, Map<String, String> devices,
                          @JsonProperty("lease_seconds") Long leaseSeconds) {
}
