package dev.parley.keycloak.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParleySettingsTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        ParleySettings settings = ParleySettings.from(Map.<String, String>of()::get);

        assertThat(settings).isEqualTo(new ParleySettings(10, "realm", "", 120, 60, 30, "parley-gateway", 300));
    }

    @Test
    void readsTheRealmAttributes() {
        ParleySettings settings = ParleySettings.from(Map.of(
                ParleySettings.MAX_DEVICES_PER_USER, " 3 ",
                ParleySettings.DIRECTORY_POLICY, "contacts",
                ParleySettings.GATEWAY_URL, "https://chat.example/parley",
                ParleySettings.CHALLENGE_TTL_SECONDS, "30",
                ParleySettings.CHALLENGES_PER_MINUTE, "5",
                ParleySettings.REGISTRATIONS_PER_MINUTE, "2",
                ParleySettings.TOKEN_AUDIENCE, "chat-gateway",
                ParleySettings.IDENTITY_RESET_MAX_AUTH_AGE_SECONDS, "60")::get);

        assertThat(settings).isEqualTo(new ParleySettings(3, "contacts", "https://chat.example/parley", 30, 5, 2, "chat-gateway", 60));
    }

    @Test
    void malformedOrNonPositiveLimitsFallBackToTheDefault() {
        assertThat(ParleySettings.from(Map.of(ParleySettings.MAX_DEVICES_PER_USER, "ten")::get).maxDevicesPerUser()).isEqualTo(10);
        assertThat(ParleySettings.from(Map.of(ParleySettings.MAX_DEVICES_PER_USER, "0")::get).maxDevicesPerUser()).isEqualTo(10);
        assertThat(ParleySettings.from(Map.of(ParleySettings.CHALLENGE_TTL_SECONDS, "-5")::get).challengeTtlSeconds()).isEqualTo(120);
        assertThat(ParleySettings.from(Map.of(ParleySettings.IDENTITY_RESET_MAX_AUTH_AGE_SECONDS, "0")::get)
                .identityResetMaxAuthAgeSeconds()).isEqualTo(300);
    }
}
