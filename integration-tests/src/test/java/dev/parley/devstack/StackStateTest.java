package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bin/parley-dev up} reads to decide what of the stack it must start. */
class StackStateTest {

    @TempDir
    Path home;

    @Test
    void aProcessKilledSinceUpIsNotRunningAndTheOtherStillIs() throws Exception {
        Process keycloak = startedFrom(home);
        Process wildfly = startedFrom(home);
        try {
            new StackState(home, keycloak.pid(), wildfly.pid()).write();
            assertThat(StackState.read(home).keycloakAlive()).isTrue();
            assertThat(StackState.read(home).wildflyAlive()).isTrue();

            wildfly.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9

            StackState state = StackState.read(home);
            assertThat(state.wildflyAlive()).isFalse();
            assertThat(state.keycloakAlive()).isTrue();
            assertThat(state.anyAlive()).isTrue();
        } finally {
            keycloak.destroyForcibly();
            wildfly.destroyForcibly();
        }
    }

    @Test
    void aRecordedPidNowUsedByAProgramOfAnotherHomeIsNotOurs(@TempDir Path elsewhere) throws Exception {
        Process stranger = startedFrom(elsewhere);
        try {
            new StackState(home, stranger.pid(), -1).write();
            assertThat(StackState.read(home).keycloakAlive()).isFalse();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void withoutARecordNothingRuns() {
        assertThat(StackState.read(home).anyAlive()).isFalse();
    }

    /** A process whose command line names the home, as the servers the dev stack starts do. */
    private static Process startedFrom(Path home) throws IOException {
        return new ProcessBuilder("sh", "-c", "sleep 60", home.toString()).start();
    }
}
