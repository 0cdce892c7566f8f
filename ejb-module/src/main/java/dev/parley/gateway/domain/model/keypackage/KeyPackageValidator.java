package dev.parley.gateway.domain.model.keypackage;

import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.tls.MlsDecodeException;
import dev.parley.protocol.mls.tree.Credential;
import dev.parley.protocol.mls.tree.Lifetime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Checks one uploaded MLSMessage(KeyPackage) against the device that uploads it. Pure: no I/O, the clock is a
 * parameter.
 *
 * <p>A KeyPackage passes only if: it parses strictly (version mls10, leaf source {@code key_package}, no
 * trailing bytes); its suite is suite 1; its lifetime has not ended, started no later than
 * {@link #NOT_BEFORE_SKEW} from now and is no longer than the configured maximum; both signatures verify over
 * the received bytes; and its leaf's signature key and basic credential identity are the device's registered
 * key and identity.
 */
public final class KeyPackageValidator {

    /** How far in the future a lifetime may start (client clocks run ahead). */
    public static final Duration NOT_BEFORE_SKEW = Duration.ofHours(1);

    /** The largest MLSMessage(KeyPackage) accepted, in bytes. */
    public static final int MAX_BYTES = 65_536;

    /** A KeyPackage that passed: its reference (hex), the received MLSMessage (base64url) and when it expires. */
    public record Valid(String refHex, String message, Instant notAfter) {
    }

    private final Duration maxLifetime;

    public KeyPackageValidator(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    /**
     * @param where how the error message names this KeyPackage, e.g. {@code key_packages[3]}
     * @throws ParleyException {@code key_package_invalid}, {@code key_package_expired},
     *                         {@code key_package_wrong_device} or {@code cipher_suite_unsupported}, naming
     *                         {@code where} and the reason
     */
    public Valid validate(String where, String base64Url, DeviceRecord device, Instant now) {
        byte[] bytes;
        try {
            bytes = Base64Url.decode(base64Url).toByteArray();
        } catch (IllegalArgumentException e) {
            throw invalid(where, "not base64url");
        }
        if (bytes.length > MAX_BYTES) {
            throw invalid(where, "larger than " + MAX_BYTES + " bytes");
        }
        MlsMessage message;
        try {
            message = MlsMessage.parse(bytes);
        } catch (MlsDecodeException e) {
            throw invalid(where, "malformed: " + e.getMessage());
        } catch (RuntimeException e) {
            throw invalid(where, "malformed");
        }
        if (message.wireFormat() != WireFormat.KEY_PACKAGE) {
            throw invalid(where, "an MLSMessage carrying a " + message.wireFormat() + ", not a KeyPackage");
        }
        KeyPackage keyPackage = message.bodyAs(KeyPackage.class);
        if (!keyPackage.cipherSuite().isSupported()) {
            throw new ParleyException(ParleyError.CIPHER_SUITE_UNSUPPORTED, where + ": cipher suite "
                    + keyPackage.cipherSuite().displayName() + " is not supported; use suite 1");
        }
        Lifetime lifetime = keyPackage.leafNode().lifetime()
                .orElseThrow(() -> invalid(where, "the leaf node has no lifetime"));
        long nowSeconds = now.getEpochSecond();
        if (Long.compareUnsigned(lifetime.notAfter(), nowSeconds) <= 0) {
            throw new ParleyException(ParleyError.KEY_PACKAGE_EXPIRED, where + ": its lifetime ended (not_after "
                    + Long.toUnsignedString(lifetime.notAfter()) + ")");
        }
        if (Long.compareUnsigned(lifetime.notBefore(), nowSeconds + NOT_BEFORE_SKEW.toSeconds()) > 0) {
            throw invalid(where, "its lifetime has not started (not_before in the future)");
        }
        if (Long.compareUnsigned(lifetime.notBefore(), lifetime.notAfter()) > 0
                || Long.compareUnsigned(lifetime.notAfter() - lifetime.notBefore(), maxLifetime.toSeconds()) > 0) {
            throw invalid(where, "its lifetime is longer than " + maxLifetime.toDays() + " days");
        }
        boolean signaturesVerify;
        try {
            signaturesVerify = keyPackage.verifySignatures();
        } catch (RuntimeException e) {
            signaturesVerify = false;
        }
        if (!signaturesVerify) {
            throw invalid(where, "a signature does not verify");
        }
        if (!Arrays.equals(keyPackage.leafNode().signatureKey().toByteArray(), device.signatureKey())) {
            throw new ParleyException(ParleyError.KEY_PACKAGE_WRONG_DEVICE,
                    where + ": the leaf's signature key is not this device's registered key");
        }
        if (!(keyPackage.leafNode().credential() instanceof Credential.Basic basic)
                || !Arrays.equals(basic.identity().toByteArray(), device.credentialIdentity())) {
            throw new ParleyException(ParleyError.KEY_PACKAGE_WRONG_DEVICE,
                    where + ": the leaf's credential is not a basic credential with this device's identity");
        }
        return new Valid(keyPackage.ref().value().hex(), Base64Url.encode(message.raw()),
                Instant.ofEpochSecond(lifetime.notAfter()));
    }

    private static ParleyException invalid(String where, String reason) {
        return new ParleyException(ParleyError.KEY_PACKAGE_INVALID, where + ": " + reason);
    }
}
