package dev.parley.gateway.domain.model.keypackage;

import dev.parley.protocol.mls.testing.KeyPackageBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KeyPackageValidatorTest {

    private final KeyPair deviceKey = ed25519();
    private final byte[] identity = "user-1/phone".getBytes(StandardCharsets.UTF_8);
    private final DeviceRecord device = new DeviceRecord("user-1", "phone", Ed25519Keys.raw(deviceKey.getPublic()).toByteArray(),
            identity, false, Instant.EPOCH);
    private final KeyPackageValidator validator = new KeyPackageValidator(Duration.ofDays(90));

    @Test
    void aValidKeyPackagePassesWithItsRefOverTheReceivedBytes() {
        String message = new KeyPackageBuilder(deviceKey, identity).build();

        KeyPackageValidator.Valid valid = validator.validate("key_packages[0]", message, device, Instant.now());

        KeyPackage parsed = MlsMessage.parse(Base64Url.decode(message).toByteArray()).bodyAs(KeyPackage.class);
        assertThat(valid.refHex()).isEqualTo(parsed.ref().value().hex()).hasSize(64);
        assertThat(valid.message()).isEqualTo(message);
        assertThat(valid.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(29)));
    }

    @Test
    void rejectionsNameTheIndexAndTheReason() {
        assertRejected(k -> k.suite = 2, ParleyError.CIPHER_SUITE_UNSUPPORTED, "key_packages[3]");
        assertRejected(k -> k.leafSource = 2, ParleyError.KEY_PACKAGE_INVALID, "malformed");
        assertRejected(k -> k.notAfter = Instant.now().minusSeconds(5).getEpochSecond(), ParleyError.KEY_PACKAGE_EXPIRED, "ended");
        assertRejected(k -> k.notBefore = Instant.now().plus(Duration.ofDays(2)).getEpochSecond(), ParleyError.KEY_PACKAGE_INVALID, "not started");
        assertRejected(k -> k.notAfter = Instant.now().plus(Duration.ofDays(100)).getEpochSecond(), ParleyError.KEY_PACKAGE_INVALID, "longer than 90 days");
        assertRejected(k -> {
            k.notBefore = 0;
            k.notAfter = -1;
        }, ParleyError.KEY_PACKAGE_INVALID, "longer than");
        assertRejected(k -> k.breakLeafSignature = true, ParleyError.KEY_PACKAGE_INVALID, "signature");
        assertRejected(k -> k.breakSignature = true, ParleyError.KEY_PACKAGE_INVALID, "signature");
        assertRejected(k -> k.signer = ed25519(), ParleyError.KEY_PACKAGE_WRONG_DEVICE, "signature key");
        assertRejected(k -> k.identity = "user-1/laptop".getBytes(StandardCharsets.UTF_8), ParleyError.KEY_PACKAGE_WRONG_DEVICE, "identity");
    }

    @Test
    void garbageIsInvalidNotAnotherException() {
        assertThatThrownBy(() -> validator.validate("last_resort", "!!", device, Instant.now()))
                .isInstanceOf(ParleyException.class).hasMessageContaining("last_resort: not base64url");
        String message = new KeyPackageBuilder(deviceKey, identity).build();
        byte[] bytes = Base64Url.decode(message).toByteArray();
        for (int cut = 0; cut < bytes.length; cut += 7) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> validator.validate("k", Base64Url.encode(dev.parley.protocol.mls.tls.Bytes.of(truncated)), device, Instant.now()))
                    .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(ParleyError.KEY_PACKAGE_INVALID));
        }
    }

    private void assertRejected(Consumer<KeyPackageBuilder> change, ParleyError error, String reason) {
        KeyPackageBuilder builder = new KeyPackageBuilder(deviceKey, identity);
        change.accept(builder);
        String message = builder.build();
        assertThatThrownBy(() -> validator.validate("key_packages[3]", message, device, Instant.now()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.error()).isEqualTo(error))
                .hasMessageStartingWith("key_packages[3]: ")
                .hasMessageContaining(reason);
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
