package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.keycloak.device.RevocationEntity;
import java.util.List;

/**
 * {@code GET revocations?after=N}: entries with {@code seq > N} in order; {@code last_seq} is the cursor to
 * send next time (N itself when the page is empty).
 */
public record RevocationPageResponse(
        @JsonProperty("revocations") List<Entry> revocations,
        @JsonProperty("last_seq") long lastSeq) {

    public record Entry(
            @JsonProperty("seq") long seq,
            @JsonProperty("user_id") String userId,
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("device_key") String deviceKey,
            @JsonProperty("reason") String reason,
            @JsonProperty("revoked_at") long revokedAt) {

        static Entry of(RevocationEntity entity) {
            return new Entry(entity.getSeq(), entity.getUserId(), entity.getDeviceId(), entity.getDeviceKey(),
                    entity.getReason(), entity.getRevokedAt());
        }
    }
}
