package dev.parley.gateway.interfaces.auth;

import dev.parley.gateway.application.GatewayInfo;
import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.RequestProof;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks the proof a REST request carries when it acts as a device ({@link RequestProof}): the device key's signature
 * over the request as received, a timestamp within {@code parley.request-proof.window-seconds} of the gateway's clock,
 * and a nonce never accepted before. The access token says who the user is; only this proof says which device.
 *
 * <p>Checks run cheapest first: headers present and well-formed, timestamp, the device (registered, not revoked), the
 * signature with the key the Authentication Service's directory holds for it, and last the nonce, which is recorded
 * only once everything else holds (so a refused request spends no nonce and nobody without the key fills the store).
 */
@ApplicationScoped
public class RequestProofVerifier {

    /** The headers of a request that names a device; any may be {@code null} (not sent). */
    public record ProofHeaders(String deviceId, String timestamp, String nonce, String signature) {
    }

    /** The request as the gateway received it. */
    public record ReceivedRequest(String userId, String method, String target, byte[] body) {
    }

    @Inject
    DeviceDirectory devices;

    @Inject
    GatewayInfo gateway;

    @Inject
    @ConfigProperty(name = "parley.request-proof.window-seconds", defaultValue = "120")
    int windowSeconds;

    @Inject
    @ConfigProperty(name = "parley.request-proof.max-nonces", defaultValue = "500000")
    int maxNonces;

    private Supplier<String> gatewayId;
    private Clock clock;
    private Duration window;
    private RequestNonceStore nonces;

    public RequestProofVerifier() {
    }

    RequestProofVerifier(DeviceDirectory devices, String gatewayId, Clock clock, Duration window, int maxNonces) {
        this.devices = devices;
        init(() -> gatewayId, clock, window, maxNonces);
    }

    @PostConstruct
    void configure() {
        init(gateway::gatewayId, Clock.systemUTC(), Duration.ofSeconds(Math.max(1, windowSeconds)), maxNonces);
    }

    private void init(Supplier<String> gatewayId, Clock clock, Duration window, int maxNonces) {
        this.gatewayId = gatewayId;
        this.clock = clock;
        this.window = window;
        this.nonces = new RequestNonceStore(window, maxNonces);
    }

    /**
     * The device the request proves, registered and unrevoked.
     *
     * @throws ParleyException {@code request_proof_missing}, {@code request_proof_invalid}, {@code request_replayed},
     *         {@code device_not_found}, {@code device_revoked} or {@code rate_limited} (too many nonces to remember)
     */
    public DeviceRecord verify(ProofHeaders headers, ReceivedRequest request) {
        if (headers.timestamp() == null || headers.nonce() == null || headers.signature() == null) {
            throw new ParleyException(ParleyError.REQUEST_PROOF_MISSING, "This request names device " + headers.deviceId()
                    + " and must carry " + RequestProof.TIMESTAMP_HEADER + ", " + RequestProof.NONCE_HEADER + " and "
                    + RequestProof.SIGNATURE_HEADER + ": the device key's signature over RequestProofTBS.");
        }
        long timestamp = timestamp(headers.timestamp());
        Bytes nonce = decode(RequestProof.NONCE_HEADER, headers.nonce());
        if (nonce.length() < RequestProof.MIN_NONCE_BYTES || nonce.length() > RequestProof.MAX_NONCE_BYTES) {
            throw invalid(RequestProof.NONCE_HEADER + " must be " + RequestProof.MIN_NONCE_BYTES + " to "
                    + RequestProof.MAX_NONCE_BYTES + " random bytes, base64url.");
        }
        Bytes signature = decode(RequestProof.SIGNATURE_HEADER, headers.signature());
        Instant now = clock.instant();
        long skew = Math.abs(now.getEpochSecond() - timestamp);
        if (skew > window.toSeconds()) {
            throw invalid(RequestProof.TIMESTAMP_HEADER + " is " + skew + " s away from the gateway's clock; at most "
                    + window.toSeconds() + " s are accepted. Sign with the current time (check the device's clock).");
        }
        DeviceRecord device = devices.requireActive(request.userId(), headers.deviceId());
        RequestProof proof = new RequestProof(gatewayId.get(), request.userId(), headers.deviceId(), request.method(),
                request.target(), RequestProof.bodyHash(request.body()), timestamp, nonce);
        if (!proof.verify(Bytes.of(device.signatureKey()), signature)) {
            throw invalid("The signature does not verify with device " + headers.deviceId()
                    + "'s registered key over this request (method, path and query, body hash, time, nonce).");
        }
        if (!nonces.firstUse(request.userId() + '\n' + headers.deviceId() + '\n' + Base64Url.encode(nonce), now)) {
            throw new ParleyException(ParleyError.REQUEST_REPLAYED);
        }
        return device;
    }

    private static long timestamp(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw invalid(RequestProof.TIMESTAMP_HEADER + " must be unix seconds, a decimal number.");
        }
    }

    private static Bytes decode(String header, String value) {
        try {
            return Base64Url.decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(header + " is not base64url.");
        }
    }

    private static ParleyException invalid(String why) {
        return new ParleyException(ParleyError.REQUEST_PROOF_INVALID, why);
    }
}
