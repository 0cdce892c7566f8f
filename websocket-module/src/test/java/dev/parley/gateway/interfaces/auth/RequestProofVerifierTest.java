package dev.parley.gateway.interfaces.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.gateway.domain.model.device.DeviceDirectory;
import dev.parley.gateway.domain.model.device.DeviceRecord;
import dev.parley.protocol.device.RequestProof;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.error.RateLimitedException;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestProofVerifierTest {

    private static final String GATEWAY = "gw_test";
    private static final String USER = "u-alice";
    private static final URI ACK = URI.create("https://gw.example/parley/api/v1/conversations/c1/ack");
    private static final String TARGET = "/parley/api/v1/conversations/c1/ack";
    private static final byte[] BODY = "{\"seq\":42}".getBytes(StandardCharsets.UTF_8);

    private final KeyPair laptop = ed25519();
    private final KeyPair phone = ed25519();
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final DeviceDirectory directory = new DeviceDirectory() {
        @Override
        public Optional<DeviceRecord> find(String userId, String deviceId) {
            return devicesOf(userId).stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
        }

        @Override
        public List<DeviceRecord> devicesOf(String userId) {
            return !userId.equals(USER) ? List.of() : List.of(device("laptop", laptop, false), device("phone", phone, false),
                    device("old", ed25519(), true));
        }
    };
    private final RequestProofVerifier verifier = new RequestProofVerifier(directory, GATEWAY, clock, Duration.ofSeconds(120), 100);

    @Test
    void aProofByTheNamedDeviceIsAcceptedOnce() {
        Map<String, String> headers = signed("laptop", laptop, "POST", ACK, BODY, now);

        assertThat(verifier.verify(proof(headers), request("POST", TARGET, BODY)).deviceId()).isEqualTo("laptop");
        assertRefused(headers, request("POST", TARGET, BODY), ParleyError.REQUEST_REPLAYED);
    }

    @Test
    void anotherDevicesKeyOrAnyChangeToTheRequestIsInvalid() {
        Map<String, String> byPhone = signed("laptop", phone, "POST", ACK, BODY, now);
        assertRefused(byPhone, request("POST", TARGET, BODY), ParleyError.REQUEST_PROOF_INVALID);

        Map<String, String> headers = signed("laptop", laptop, "POST", ACK, BODY, now);
        assertRefused(headers, request("POST", TARGET, "{\"seq\":43}".getBytes(StandardCharsets.UTF_8)), ParleyError.REQUEST_PROOF_INVALID);
        assertRefused(headers, request("PUT", TARGET, BODY), ParleyError.REQUEST_PROOF_INVALID);
        assertRefused(headers, request("POST", "/parley/api/v1/conversations/c2/ack", BODY), ParleyError.REQUEST_PROOF_INVALID);
        assertRefused(headers, new RequestProofVerifier.ReceivedRequest("u-bob", "POST", TARGET, BODY), ParleyError.DEVICE_NOT_FOUND);
        // none of the refusals spent the nonce
        assertThat(verifier.verify(proof(headers), request("POST", TARGET, BODY)).deviceId()).isEqualTo("laptop");
    }

    @Test
    void missingHeadersAreMissingAndMalformedOnesInvalid() {
        Map<String, String> headers = signed("laptop", laptop, "POST", ACK, BODY, now);
        RequestProofVerifier.ReceivedRequest request = request("POST", TARGET, BODY);

        assertThatThrownBy(() -> verifier.verify(new RequestProofVerifier.ProofHeaders("laptop", null, null, null), request))
                .extracting(e -> ((ParleyException) e).error()).isEqualTo(ParleyError.REQUEST_PROOF_MISSING);
        assertThatThrownBy(() -> verifier.verify(new RequestProofVerifier.ProofHeaders("laptop",
                headers.get(RequestProof.TIMESTAMP_HEADER), headers.get(RequestProof.NONCE_HEADER), null), request))
                .extracting(e -> ((ParleyException) e).error()).isEqualTo(ParleyError.REQUEST_PROOF_MISSING);
        assertThatThrownBy(() -> verifier.verify(new RequestProofVerifier.ProofHeaders("laptop", "yesterday",
                headers.get(RequestProof.NONCE_HEADER), headers.get(RequestProof.SIGNATURE_HEADER)), request))
                .extracting(e -> ((ParleyException) e).error()).isEqualTo(ParleyError.REQUEST_PROOF_INVALID);
        assertThatThrownBy(() -> verifier.verify(new RequestProofVerifier.ProofHeaders("laptop",
                headers.get(RequestProof.TIMESTAMP_HEADER), "AAAA", headers.get(RequestProof.SIGNATURE_HEADER)), request))
                .extracting(e -> ((ParleyException) e).error()).isEqualTo(ParleyError.REQUEST_PROOF_INVALID);
        assertThatThrownBy(() -> verifier.verify(new RequestProofVerifier.ProofHeaders("laptop",
                headers.get(RequestProof.TIMESTAMP_HEADER), headers.get(RequestProof.NONCE_HEADER), "%%%"), request))
                .extracting(e -> ((ParleyException) e).error()).isEqualTo(ParleyError.REQUEST_PROOF_INVALID);
    }

    @Test
    void aProofOutsideTheWindowIsInvalidAndARevokedDeviceIsRefused() {
        assertRefused(signed("laptop", laptop, "POST", ACK, BODY, now.minusSeconds(121)), request("POST", TARGET, BODY),
                ParleyError.REQUEST_PROOF_INVALID);
        assertRefused(signed("laptop", laptop, "POST", ACK, BODY, now.plusSeconds(121)), request("POST", TARGET, BODY),
                ParleyError.REQUEST_PROOF_INVALID);
        assertThat(verifier.verify(proof(signed("laptop", laptop, "POST", ACK, BODY, now.minusSeconds(119))),
                request("POST", TARGET, BODY)).deviceId()).isEqualTo("laptop");
        assertRefused(signed("old", laptop, "POST", ACK, BODY, now), request("POST", TARGET, BODY), ParleyError.DEVICE_REVOKED);
    }

    @Test
    void aNonceIsRememberedForTwiceTheWindowAndTheStoreIsBounded() {
        Map<String, String> headers = signed("laptop", laptop, "GET", ACK, null, now);
        verifier.verify(proof(headers), request("GET", TARGET, new byte[0]));
        now = now.plusSeconds(119);
        assertRefused(headers, request("GET", TARGET, new byte[0]), ParleyError.REQUEST_REPLAYED);
        now = now.plusSeconds(2);
        assertRefused(headers, request("GET", TARGET, new byte[0]), ParleyError.REQUEST_PROOF_INVALID);

        RequestNonceStore store = new RequestNonceStore(Duration.ofSeconds(120), 2);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(store.firstUse("a", t)).isTrue();
        assertThat(store.firstUse("b", t.plusSeconds(10))).isTrue();
        assertThat(store.firstUse("a", t.plusSeconds(239))).isFalse();
        assertThatThrownBy(() -> store.firstUse("c", t.plusSeconds(100))).isInstanceOf(RateLimitedException.class);
        assertThat(store.firstUse("c", t.plusSeconds(241))).isTrue();
        assertThat(store.size()).isEqualTo(2);
    }

    private void assertRefused(Map<String, String> headers, RequestProofVerifier.ReceivedRequest request, ParleyError error) {
        assertThatThrownBy(() -> verifier.verify(proof(headers), request))
                .isInstanceOf(ParleyException.class)
                .extracting(e -> ((ParleyException) e).error()).isEqualTo(error);
    }

    private static Map<String, String> signed(String deviceId, KeyPair key, String method, URI uri, byte[] body, Instant at) {
        return RequestProof.of(GATEWAY, USER, deviceId, method, uri, body, at).headers(key.getPrivate());
    }

    private static RequestProofVerifier.ProofHeaders proof(Map<String, String> headers) {
        return new RequestProofVerifier.ProofHeaders(headers.get(RequestProof.DEVICE_HEADER),
                headers.get(RequestProof.TIMESTAMP_HEADER), headers.get(RequestProof.NONCE_HEADER),
                headers.get(RequestProof.SIGNATURE_HEADER));
    }

    private static RequestProofVerifier.ReceivedRequest request(String method, String target, byte[] body) {
        return new RequestProofVerifier.ReceivedRequest(USER, method, target, body);
    }

    private static DeviceRecord device(String id, KeyPair key, boolean revoked) {
        return new DeviceRecord(USER, id, Ed25519Keys.raw(key.getPublic()).toByteArray(),
                (USER + "/" + id).getBytes(StandardCharsets.UTF_8), revoked, Instant.EPOCH);
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
