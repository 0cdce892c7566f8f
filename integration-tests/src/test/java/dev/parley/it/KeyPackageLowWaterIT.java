package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The low-water push on both doors: a claim that leaves a device below {@code parley.key-packages.low-water} (10)
 * one-time KeyPackages pushes {@code key_packages_low} to that device's live connection — WebSocket or SSE — and to
 * no other device of the user.
 */
@ExtendWith(ParleyStack.class)
class KeyPackageLowWaterIT {

    private static final int LOW_WATER = 10;

    private static AuthService auth;
    private static DeliveryService ds;
    private static URI gateway;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        auth = new AuthService(stack.keycloak());
        ds = new DeliveryService(stack);
        gateway = stack.wildfly().gatewayUri();
    }

    @Test
    void theWebSocketOfTheClaimedDeviceIsToldAndTheUsersOtherDeviceIsNot() {
        AuthService.User user = auth.userWithIdentity();
        MlsDevice laptop = MlsDevice.register(auth, user, "laptop");
        MlsDevice phone = MlsDevice.register(auth, user, "phone");
        MlsDevice claimer = MlsDevice.register(auth, auth.userWithIdentity(), "desk");
        ds.uploadKeyPackages(laptop, LOW_WATER + 1);
        ds.uploadKeyPackages(phone, LOW_WATER + 1);
        GatewaySocketClient laptopSocket = GatewaySocketClient.connected(gateway, ds.token(user), user.id(), "laptop",
                laptop.deviceKey.getPrivate());
        GatewaySocketClient phoneSocket = GatewaySocketClient.connected(gateway, ds.token(user), user.id(), "phone",
                phone.deviceKey.getPrivate());

        ds.claim(claimer, laptop); // 10 left: not below
        assertThat(laptopSocket.collect(KeyPackageLowWaterIT::isLow, Duration.ofSeconds(2))).isEmpty();
        ds.claim(claimer, laptop); // 9 left

        JsonNode low = laptopSocket.await(KeyPackageLowWaterIT::isLow, Duration.ofSeconds(30));
        assertThat(low.get("device_id").asText()).isEqualTo("laptop");
        assertThat(low.get("remaining").asLong()).isEqualTo(LOW_WATER - 1);
        assertThat(low.has("id")).as("a push, not an answer").isFalse();
        assertThat(phoneSocket.collect(KeyPackageLowWaterIT::isLow, Duration.ofSeconds(2))).isEmpty();

        ds.claim(claimer, laptop); // every claim below low water tells it again
        assertThat(laptopSocket.await(KeyPackageLowWaterIT::isLow, Duration.ofSeconds(30)).get("remaining").asLong())
                .isEqualTo(LOW_WATER - 2);
        laptopSocket.close();
        phoneSocket.close();
    }

    @Test
    void theSseStreamOfTheClaimedDeviceIsToldToo() {
        AuthService.User user = auth.userWithIdentity();
        MlsDevice tablet = MlsDevice.register(auth, user, "tablet");
        MlsDevice claimer = MlsDevice.register(auth, auth.userWithIdentity(), "desk");
        ds.uploadKeyPackages(tablet, LOW_WATER);

        try (SseClient events = SseClient.open(gateway, ds, tablet, null)) {
            assertThat(events.status).isEqualTo(200);
            assertThat(events.next(Duration.ofSeconds(30)).get("type").asText()).isEqualTo("connected");
            ds.claim(claimer, tablet);

            JsonNode low = nextLow(events);
            assertThat(low.get("device_id").asText()).isEqualTo("tablet");
            assertThat(low.get("remaining").asLong()).isEqualTo(LOW_WATER - 1);
        }
        assertThat(ds.keyPackageCount(tablet)).isEqualTo(LOW_WATER - 1);
    }

    private static JsonNode nextLow(SseClient events) {
        while (true) {
            JsonNode frame = events.next(Duration.ofSeconds(30));
            if (isLow(frame)) {
                return frame;
            }
            assertThat(List.of("caught_up", "ping", "presence")).as(frame.toString()).contains(frame.get("type").asText());
        }
    }

    private static boolean isLow(JsonNode frame) {
        return "key_packages_low".equals(frame.path("type").asText());
    }
}
