package dev.parley.gateway.infrastructure.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PresenceVisibilityTest {

    @Test
    void realmWidensAndAnythingElseStaysWithContacts() {
        assertThat(PresenceVisibility.of("realm")).isEqualTo(PresenceVisibility.REALM);
        assertThat(PresenceVisibility.of(" REALM ")).isEqualTo(PresenceVisibility.REALM);
        assertThat(PresenceVisibility.of("contacts")).isEqualTo(PresenceVisibility.CONTACTS);
        assertThat(PresenceVisibility.of("everyone")).as("a typo never widens").isEqualTo(PresenceVisibility.CONTACTS);
        assertThat(PresenceVisibility.of(null)).isEqualTo(PresenceVisibility.CONTACTS);
    }
}
