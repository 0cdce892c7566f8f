package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the caller sees of a user: {@code online}, {@code away}, {@code busy} or {@code offline}, and a coarse
 * {@code last_seen} bucket ({@code now}, {@code hour}, {@code today}, {@code week}, {@code older}; null when unknown).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PresenceEntry(@JsonProperty("user_id") String userId, String status, @JsonProperty("last_seen") String lastSeen) {
}
