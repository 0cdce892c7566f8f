package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET directory/...}: a user's identity key (explicitly {@code null} if none) and every device, revoked ones included. */
public record DirectoryEntryResponse(
        @JsonProperty("user_id") String userId,
        @JsonProperty("username") String username,
        @JsonProperty("identity") @JsonInclude(JsonInclude.Include.ALWAYS) IdentityResponse identity,
        @JsonProperty("devices") List<DeviceResponse> devices) {
}
