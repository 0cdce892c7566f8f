package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the caller and another user stand after a request or acceptance: {@code requested} or {@code contact}. */
public record ContactState(@JsonProperty("user_id") String userId, @JsonProperty("state") String state) {
}
