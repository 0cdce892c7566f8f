package dev.parley.gateway.infrastructure.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.gateway.infrastructure.ratelimit.RateLimit;
import dev.parley.gateway.infrastructure.ratelimit.RateLimiter;
import dev.parley.protocol.error.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeycloakDeviceDirectoryTest {

    /** The Authentication Service's answers, changeable by the test; counts look-ups. */
    static final class FakeAuthenticationService extends AuthenticationServiceClient {
        List<DeviceRecord> devices = new ArrayList<>();
        final AtomicInteger lookUps = new AtomicInteger();
        Runnable duringLookUp = () -> { };

        @Override
        public List<DeviceRecord> devicesOf(String userId) {
            lookUps.incrementAndGet();
            List<DeviceRecord> answer = List.copyOf(devices);
            duringLookUp.run();
            return answer;
        }
    }

    private final FakeAuthenticationService keycloak = new FakeAuthenticationService();
    private final KeycloakDeviceDirectory directory = new KeycloakDeviceDirectory();

    @BeforeEach
    void wire() {
        directory.authenticationService = keycloak;
    }

    @Test
    void answersFromTheCacheUntilTheUserIsInvalidated() {
        keycloak.devices.add(device("laptop", false));

        assertThat(directory.find("u1", "laptop")).map(DeviceRecord::revoked).hasValue(false);
        assertThat(directory.find("u1", "laptop")).isPresent();
        assertThat(keycloak.lookUps).hasValue(1);

        keycloak.devices.set(0, device("laptop", true));
        directory.invalidate("u1");

        assertThat(directory.find("u1", "laptop")).map(DeviceRecord::revoked).hasValue(true);
        assertThat(keycloak.lookUps).hasValue(2);
    }

    @Test
    void aDeviceUnknownToTheCacheIsLookedUpAgain() {
        keycloak.devices.add(device("laptop", false));
        directory.devicesOf("u1");
        keycloak.devices.add(device("phone", false));

        assertThat(directory.find("u1", "phone")).isPresent();
        assertThat(directory.devicesOf("u1")).hasSize(2);
    }

    @Test
    void aLookUpRacingWithAnInvalidationDoesNotCacheItsStaleAnswer() {
        keycloak.devices.add(device("laptop", false));
        keycloak.duringLookUp = () -> directory.invalidate("u1");

        assertThat(directory.find("u1", "laptop")).map(DeviceRecord::revoked).hasValue(false);

        keycloak.duringLookUp = () -> { };
        keycloak.devices.set(0, device("laptop", true));
        assertThat(directory.find("u1", "laptop")).map(DeviceRecord::revoked).hasValue(true);
    }

    @Test
    void aCachedUserExpiresAndAnUnknownOneSooner() {
        long[] now = {0};
        directory.nanoClock = () -> now[0];
        keycloak.devices.add(device("laptop", false));
        directory.devicesOf("u1");
        keycloak.devices.clear();
        directory.devicesOf("nobody");

        now[0] = KeycloakDeviceDirectory.NEGATIVE_TIME_TO_LIVE.plusSeconds(1).toNanos();
        directory.devicesOf("u1");
        directory.devicesOf("nobody");
        assertThat(keycloak.lookUps).as("the unknown user was asked again, the known one not").hasValue(3);

        now[0] = directory.timeToLive.plusSeconds(1).toNanos();
        directory.devicesOf("u1");
        assertThat(keycloak.lookUps).hasValue(4);
    }

    @Test
    void theCacheIsBounded() {
        directory.maxUsers = 3;
        for (int i = 0; i < 10; i++) {
            directory.devicesOf("u" + i);
        }

        assertThat(directory.cachedUsers()).isEqualTo(3);
    }

    @Test
    void lookUpsOfUnknownIdsAreRateLimited() {
        directory.lookUps = new RateLimiter(new RateLimit("directory look-ups", 5, Duration.ofMinutes(1)));
        for (int i = 0; i < 5; i++) {
            assertThat(directory.find("made-up-" + i, "x")).isEmpty();
        }

        assertThatThrownBy(() -> directory.find("made-up-5", "x")).isInstanceOf(RateLimitedException.class);
        assertThat(keycloak.lookUps.get()).isLessThanOrEqualTo(10);
    }

    private static DeviceRecord device(String deviceId, boolean revoked) {
        return new DeviceRecord("u1", deviceId, new byte[32], ("u1/" + deviceId).getBytes(), revoked, Instant.EPOCH);
    }
}
