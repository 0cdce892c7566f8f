package dev.parley.protocol.device;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Proof that a REST request acting as a device comes from that device: the device key's Ed25519 signature over the
 * request, sent in the headers {@value #DEVICE_HEADER}, {@value #TIMESTAMP_HEADER}, {@value #NONCE_HEADER} and
 * {@value #SIGNATURE_HEADER}:
 *
 * <pre>
 * struct {
 *     opaque label&lt;V&gt;;       // "parley request proof v1" (UTF-8)
 *     opaque gateway_id&lt;V&gt;;  // the gateway's id (GET /api/v1/me, gateway_id)
 *     opaque user_id&lt;V&gt;;     // Keycloak user id of the access token (UTF-8)
 *     opaque device_id&lt;V&gt;;   // the device named in Parley-Device-Id (UTF-8)
 *     opaque method&lt;V&gt;;      // the HTTP method, upper case (UTF-8)
 *     opaque target&lt;V&gt;;      // path and query as sent in the request line, e.g. "/parley/api/v1/conversations/c1/log?after=0"
 *     opaque body_hash&lt;V&gt;;   // SHA-256 of the request body as sent (of no bytes when there is none), 32 bytes
 *     uint64 timestamp;       // Parley-Timestamp: unix seconds
 *     opaque nonce&lt;V&gt;;       // Parley-Nonce, base64url-decoded: 16 to 64 random bytes, never used twice
 * } RequestProofTBS;
 * </pre>
 *
 * The label keeps a request proof from ever being valid as a connect or registration proof ({@link ConnectProof},
 * {@link DeviceProof}); method, target and body hash bind it to one request; timestamp and nonce let the gateway
 * refuse a replay.
 */
public record RequestProof(String gatewayId, String userId, String deviceId, String method, String target,
        Bytes bodyHash, long timestamp, Bytes nonce) {

    public static final String LABEL = "parley request proof v1";
    public static final String DEVICE_HEADER = "Parley-Device-Id";
    public static final String TIMESTAMP_HEADER = "Parley-Timestamp";
    public static final String NONCE_HEADER = "Parley-Nonce";
    public static final String SIGNATURE_HEADER = "Parley-Signature";
    public static final int MIN_NONCE_BYTES = 16;
    public static final int MAX_NONCE_BYTES = 64;
    private static final int NONCE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public RequestProof {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(bodyHash, "bodyHash");
        Objects.requireNonNull(nonce, "nonce");
        method = method.toUpperCase(Locale.ROOT);
    }

    /** A proof of the request {@code method uri} with {@code body} ({@code null}: none), made now with a fresh nonce. */
    public static RequestProof of(String gatewayId, String userId, String deviceId, String method, URI uri, byte[] body,
            Instant now) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return new RequestProof(gatewayId, userId, deviceId, method, target(uri), bodyHash(body), now.getEpochSecond(),
                Bytes.of(nonce));
    }

    /** The request target that is signed: the raw path and, if there is one, {@code ?} and the raw query. */
    public static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** SHA-256 of the body as sent; of no bytes when {@code body} is {@code null}. */
    public static Bytes bodyHash(byte[] body) {
        try {
            return Bytes.of(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public Bytes toBeSigned() {
        return new TlsWriter()
                .writeOpaque(LABEL)
                .writeOpaque(gatewayId)
                .writeOpaque(userId)
                .writeOpaque(deviceId)
                .writeOpaque(method)
                .writeOpaque(target)
                .writeOpaque(bodyHash)
                .writeU64(timestamp)
                .writeOpaque(nonce)
                .toBytes();
    }

    /** Signs with the device's private key (what the client does). */
    public Bytes sign(PrivateKey devicePrivateKey) {
        return Ed25519Signatures.sign(devicePrivateKey, toBeSigned());
    }

    /** Whether {@code signature} was made over this proof by the device key {@code devicePublicKey}. */
    public boolean verify(Bytes devicePublicKey, Bytes signature) {
        return Ed25519Signatures.verify(devicePublicKey, toBeSigned(), signature);
    }

    /** The four request headers that carry this proof, signed with {@code devicePrivateKey}. */
    public Map<String, String> headers(PrivateKey devicePrivateKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DEVICE_HEADER, deviceId);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(NONCE_HEADER, Base64Url.encode(nonce));
        headers.put(SIGNATURE_HEADER, Base64Url.encode(sign(devicePrivateKey)));
        return headers;
    }
}
