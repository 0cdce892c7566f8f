package dev.parley.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevocationEventListenerTest {

    @Test
    void findsTheUserOfUserAndCredentialPaths() {
        assertThat(RevocationEventListener.userIdOf("users/abc")).isEqualTo("abc");
        assertThat(RevocationEventListener.userIdOf("users/abc/credentials/def")).isEqualTo("abc");
        assertThat(RevocationEventListener.userIdOf("users/abc/reset-password")).isEqualTo("abc");
    }

    @Test
    void ignoresOtherResources() {
        assertThat(RevocationEventListener.userIdOf("clients/abc")).isNull();
        assertThat(RevocationEventListener.userIdOf("users/")).isNull();
        assertThat(RevocationEventListener.userIdOf(null)).isNull();
    }
}
