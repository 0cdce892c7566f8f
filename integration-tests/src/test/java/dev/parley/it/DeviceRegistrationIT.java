package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.KeycloakServer;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.device.DeviceProof;
import dev.parley.protocol.device.IdentityKeys;
import dev.parley.protocol.mls.crypto.Ed25519Keys;
import dev.parley.protocol.mls.tls.Bytes;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identity and device registration against the real Keycloak with the extension: real Ed25519 keys, every
 * rejection with its status and code and nothing stored, and no way to reach another user's devices.
 */
@ExtendWith(ParleyStack.class)
class DeviceRegistrationIT {

    private static final String CHALLENGE_TTL = "parley.challengeTtlSeconds";

    private static AuthService as;
    private static Keycloak keycloak;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        as = new AuthService(stack.keycloak());
        keycloak = new Keycloak(stack.keycloak());
    }

    @Test
    void aUserRegistersAnIdentityAndTwoDevicesThatAdminsAndOtherUsersSee() {
        AuthService.User user = as.userWithIdentity();
        KeyPair laptop = as.registerDevice(user, "laptop");
        KeyPair phone = as.registerDevice(user, "phone");

        List<String> types = new ArrayList<>();
        keycloak.credentials(user.id()).forEach(credential -> types.add(credential.get("type").asText()));
        assertThat(types).contains("parley-identity").filteredOn("parley-device"::equals).hasSize(2);

        JsonNode entry = as.directory(keycloak.accessToken("bob"), user.id());
        assertThat(entry.get("username").asText()).isEqualTo(user.username());
        Bytes identityKey = Ed25519Keys.raw(user.identity().getPublic());
        assertThat(entry.at("/identity/public_key").asText()).isEqualTo(Base64Url.encode(identityKey));
        assertThat(entry.at("/identity/fingerprint").asText()).isEqualTo(IdentityKeys.fingerprint(identityKey));
        assertThat(entry.get("devices")).hasSize(2);
        for (JsonNode device : entry.get("devices")) {
            assertThat(device.get("revoked").asBoolean()).isFalse();
            assertThat(device.has("label")).as("labels are the owner's business").isFalse();
            DeviceCertificate certificate = new DeviceCertificate(KeycloakServer.REALM, user.id(),
                    device.get("device_id").asText(), Base64Url.decode(device.get("device_key").asText()),
                    device.get("created_at").asLong());
            assertThat(certificate.verify(identityKey, Base64Url.decode(device.get("certificate").asText())))
                    .as("clients can check the certificate without trusting the server").isTrue();
        }
        assertThat(deviceKeys(entry)).containsExactlyInAnyOrder(AuthService.b64(laptop), AuthService.b64(phone));
        assertThat(as.directory(keycloak.gatewayServiceToken(), user.id()).get("devices")).hasSize(2);
    }

    @Test
    void aSecondIdentityIsRefusedUntilTheFirstIsReset() {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");

        assertError(as.putIdentity(user.token(), AuthService.ed25519()), 409, "identity_exists");

        assertThat(as.call("DELETE", "identity", user.token(), null).statusCode()).isEqualTo(204);
        assertThat(as.ownDevices(user).get(0).get("revocation_reason").asText()).isEqualTo("identity_reset");
        KeyPair second = AuthService.ed25519();
        assertThat(as.putIdentity(user.token(), second).statusCode()).isEqualTo(201);
        assertThat(as.directory(user.token(), user.id()).at("/identity/public_key").asText()).isEqualTo(AuthService.b64(second));
    }

    @Test
    void anIdentityKeyMustBeAnEd25519Key() {
        AuthService.User user = as.newUser();

        assertError(as.call("PUT", "identity", user.token(), Map.of("identity_key", "AAAA")), 400, "identity_key_invalid");
        assertError(as.call("PUT", "identity", user.token(), Map.of("identity_key", "not base64!")), 400, "identity_key_invalid");
        assertError(as.call("PUT", "identity", user.token(), "{not json"), 400, "malformed_json");
        assertError(as.call("GET", "identity", user.token(), null), 409, "identity_required");
    }

    @Test
    void aCertificateNotSignedByTheIdentityKeyIsRefused() {
        AuthService.User user = as.userWithIdentity();
        AuthService.User other = as.userWithIdentity();
        KeyPair device = AuthService.ed25519();
        Map<String, Object> request = as.registration(user, device, "laptop");
        request.put("certificate", Base64Url.encode(new DeviceCertificate(KeycloakServer.REALM, user.id(), "laptop",
                Ed25519Keys.raw(device.getPublic()), (long) request.get("created_at")).sign(other.identity().getPrivate())));

        assertRejectedAndNothingStored(user, request, 400, "certificate_invalid");
    }

    @Test
    void aCertificateForAnotherCreationTimeIsRefused() {
        AuthService.User user = as.userWithIdentity();
        Map<String, Object> request = as.registration(user, AuthService.ed25519(), "laptop");
        request.put("created_at", (long) request.get("created_at") + 1);

        assertRejectedAndNothingStored(user, request, 400, "certificate_invalid");
    }

    @Test
    void aReusedChallengeIsRefused() {
        AuthService.User user = as.userWithIdentity();
        KeyPair device = AuthService.ed25519();
        Map<String, Object> first = as.registration(user, device, "laptop");
        assertThat(as.register(user, first).statusCode()).isEqualTo(201);

        KeyPair another = AuthService.ed25519();
        Map<String, Object> replay = as.registration(user, another, "phone");
        String usedChallenge = (String) first.get("challenge");
        replay.put("challenge", usedChallenge);
        replay.put("challenge_signature", Base64Url.encode(new DeviceProof(KeycloakServer.REALM, user.id(),
                Base64Url.decode(usedChallenge), "phone", Ed25519Keys.raw(another.getPublic())).sign(another.getPrivate())));

        assertRejected(user, replay, 400, "challenge_invalid", 1);
    }

    @Test
    void aChallengeNeverIssuedOrIssuedToAnotherUserIsRefused() {
        AuthService.User user = as.userWithIdentity();
        AuthService.User other = as.userWithIdentity();
        KeyPair device = AuthService.ed25519();

        Map<String, Object> invented = as.registration(user, device, "laptop");
        invented.put("challenge", Base64Url.encode(Bytes.of(new byte[32])));
        assertRejectedAndNothingStored(user, invented, 400, "challenge_invalid");

        Map<String, Object> foreign = as.registration(user, device, "laptop");
        String othersChallenge = as.challenge(other.token());
        foreign.put("challenge", othersChallenge);
        foreign.put("challenge_signature", Base64Url.encode(new DeviceProof(KeycloakServer.REALM, user.id(),
                Base64Url.decode(othersChallenge), "laptop", Ed25519Keys.raw(device.getPublic())).sign(device.getPrivate())));
        assertRejectedAndNothingStored(user, foreign, 400, "challenge_invalid");
    }

    @Test
    void aProofNotSignedByTheDeviceKeyIsRefused() {
        AuthService.User user = as.userWithIdentity();
        KeyPair device = AuthService.ed25519();
        Map<String, Object> request = as.registration(user, device, "laptop");
        KeyPair impostor = AuthService.ed25519();
        request.put("challenge_signature", Base64Url.encode(new DeviceProof(KeycloakServer.REALM, user.id(),
                Base64Url.decode((String) request.get("challenge")), "laptop", Ed25519Keys.raw(device.getPublic()))
                .sign(impostor.getPrivate())));

        assertRejectedAndNothingStored(user, request, 400, "proof_invalid");
    }

    @Test
    void aDuplicateKeyOrDeviceIdIsRefused() {
        AuthService.User user = as.userWithIdentity();
        KeyPair laptop = as.registerDevice(user, "laptop");

        assertRejected(user, as.registration(user, laptop, "phone"), 409, "device_key_duplicate", 1);
        assertRejected(user, as.registration(user, AuthService.ed25519(), "laptop"), 409, "device_exists", 1);

        AuthService.User other = as.userWithIdentity();
        assertRejectedAndNothingStored(other, as.registration(other, laptop, "laptop"), 409, "device_key_duplicate");
    }

    @Test
    void anUnsupportedCipherSuiteIsRefused() {
        AuthService.User user = as.userWithIdentity();
        Map<String, Object> request = as.registration(user, AuthService.ed25519(), "laptop");
        request.put("cipher_suite", 2);

        assertRejectedAndNothingStored(user, request, 400, "cipher_suite_unsupported");
    }

    @Test
    void aDeviceNeedsARegisteredIdentity() {
        AuthService.User user = as.newUser();

        assertRejectedAndNothingStored(user, as.registration(user, AuthService.ed25519(), "laptop"), 409, "identity_required");
    }

    @Test
    void theRealmsDeviceLimitHolds() {
        AuthService.User user = as.userWithIdentity();
        for (int i = 0; i < 10; i++) {
            as.registerDevice(user, "device-" + i);
        }

        assertRejected(user, as.registration(user, AuthService.ed25519(), "one-too-many"), 409, "device_limit_reached", 10);

        assertThat(as.call("DELETE", "devices/device-0", user.token(), null).statusCode()).isEqualTo(204);
        as.registerDevice(user, "replacement");
    }

    @Test
    void malformedRegistrationsAreBadRequests() {
        AuthService.User user = as.userWithIdentity();
        Map<String, Object> badId = as.registration(user, AuthService.ed25519(), "laptop");
        badId.put("device_id", "no spaces allowed");
        assertRejectedAndNothingStored(user, badId, 400, "bad_request");

        Map<String, Object> shortKey = as.registration(user, AuthService.ed25519(), "laptop");
        shortKey.put("device_key", "AAAA");
        assertRejectedAndNothingStored(user, shortKey, 400, "device_key_invalid");

        assertError(as.call("POST", "devices", user.token(), "[]"), 400, "malformed_json");
    }

    @Test
    void nobodyRegistersADeviceForAnotherUser() {
        AuthService.User alice = userWithDevice("laptop");
        AuthService.User bob = as.userWithIdentity();

        // a registration for alice's user id, sent with bob's token, is checked against bob: refused
        Map<String, Object> forAlice = as.registration(alice, AuthService.ed25519(), "tablet");
        forAlice.put("challenge", as.challenge(bob.token()));
        assertRejectedAndNothingStored(bob, forAlice, 400, "proof_invalid");

        assertAliceUnchanged(alice);
    }

    @Test
    void nobodyListsAnotherUsersDevices() {
        AuthService.User alice = userWithDevice("laptop");
        AuthService.User bob = userWithDevice("phone");

        assertThat(deviceIds(as.ownDevices(bob))).containsExactly("phone");
        assertThat(deviceIds(as.ownDevices(alice))).containsExactly("laptop");
    }

    @Test
    void nobodyRenamesAnotherUsersDevice() {
        AuthService.User alice = userWithDevice("laptop");
        AuthService.User bob = userWithDevice("phone");

        assertError(as.call("PATCH", "devices/laptop", bob.token(), Map.of("label", "mine now")), 404, "device_not_found");

        assertAliceUnchanged(alice);
    }

    @Test
    void nobodyRevokesAnotherUsersDevice() {
        AuthService.User alice = userWithDevice("laptop");
        AuthService.User bob = userWithDevice("phone");

        assertError(as.call("DELETE", "devices/laptop", bob.token(), null), 404, "device_not_found");

        assertAliceUnchanged(alice);
        assertThat(as.directory(bob.token(), alice.id()).get("devices").get(0).get("revoked").asBoolean()).isFalse();
    }

    @Test
    void aDeviceNameAlreadyTakenIsRefused() {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");
        Map<String, Object> sameName = as.registration(user, AuthService.ed25519(), "phone");
        sameName.put("label", "Device laptop");

        assertRejected(user, sameName, 409, "device_name_taken", 1);

        as.registerDevice(user, "phone");
        assertError(as.call("PATCH", "devices/phone", user.token(), Map.of("label", "Device laptop")), 409, "device_name_taken");
        assertThat(labels(user)).containsExactlyInAnyOrder("Device laptop", "Device phone");
        assertThat(as.call("PATCH", "devices/phone", user.token(), Map.of("label", "Device phone")).statusCode())
                .as("a device keeps its own name").isEqualTo(200);
    }

    @Test
    void aRejectedRegistrationUsesItsChallengeUp() {
        AuthService.User user = as.userWithIdentity();
        Map<String, Object> registration = as.registration(user, AuthService.ed25519(), "laptop");
        registration.put("cipher_suite", 2);
        assertRejectedAndNothingStored(user, registration, 400, "cipher_suite_unsupported");

        registration.put("cipher_suite", 1);

        assertRejectedAndNothingStored(user, registration, 400, "challenge_invalid");
    }

    @Test
    void anExpiredChallengeIsRefused() throws InterruptedException {
        AuthService.User user = as.userWithIdentity();
        Map<String, String> before = keycloak.setRealmAttributes(Map.of(CHALLENGE_TTL, "1"));
        try {
            Map<String, Object> registration = as.registration(user, AuthService.ed25519(), "laptop");
            Thread.sleep(2_500);

            assertRejectedAndNothingStored(user, registration, 400, "challenge_invalid");
        } finally {
            keycloak.setRealmAttributes(Map.of(CHALLENGE_TTL, before.getOrDefault(CHALLENGE_TTL, "120")));
        }
    }

    @Test
    void deviceRegistrationsAreRateLimitedPerUser() {
        AuthService.User user = as.userWithIdentity();
        Map<String, Object> unknownChallenge = as.registration(user, AuthService.ed25519(), "laptop");
        unknownChallenge.put("challenge", Base64Url.encode(Bytes.of(new byte[32])));

        HttpResponse<String> response = null;
        int attempts = 0;
        // 30 per minute, every attempt counted; a minute boundary during the loop gives at most another 30
        for (int i = 0; i < 65; i++) {
            response = as.register(user, unknownChallenge);
            if (response.statusCode() == 429) {
                break;
            }
            assertError(response, 400, "challenge_invalid");
            attempts++;
        }

        assertError(response, 429, "rate_limited");
        assertThat(attempts).isGreaterThanOrEqualTo(30);
        assertRejectedAndNothingStored(user, as.registration(user, AuthService.ed25519(), "laptop"), 429, "rate_limited");
        AuthService.User other = as.userWithIdentity();
        as.registerDevice(other, "laptop");
    }

    @Test
    void aUserRenamesOwnDevice() {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");

        HttpResponse<String> response = as.call("PATCH", "devices/laptop", user.token(), Map.of("label", "Work laptop"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(HttpCalls.json(response).get("label").asText()).isEqualTo("Work laptop");
        assertThat(labels(user)).containsExactly("Work laptop");
    }

    @Test
    void challengesAreRateLimitedPerUser() {
        AuthService.User user = as.newUser();
        AuthService.User other = as.newUser();

        HttpResponse<String> response = null;
        int issued = 0;
        // 60 per minute; a minute boundary during the loop gives at most another 60
        for (int i = 0; i < 125; i++) {
            response = as.call("POST", "challenges", user.token(), null);
            if (response.statusCode() != 201) {
                break;
            }
            issued++;
        }

        assertError(response, 429, "rate_limited");
        assertThat(issued).isGreaterThanOrEqualTo(60);
        assertThat(as.call("POST", "challenges", other.token(), null).statusCode()).as("other users are not limited").isEqualTo(201);
    }

    @Test
    void everyCallNeedsAToken() {
        for (String[] call : new String[][] {{"POST", "challenges"}, {"GET", "devices"}, {"PUT", "identity"},
                {"GET", "directory/x"}, {"GET", "revocations"}}) {
            HttpResponse<String> response = as.call(call[0], call[1], null, call[0].equals("PUT") ? Map.of() : null);
            assertThat(response.statusCode()).as(call[1]).isEqualTo(401);
            assertThat(HttpCalls.json(response).get("error").asText()).isEqualTo("token_missing");
        }
    }

    @Test
    void theDirectoryAnswersUnknownUsersWithNotFound() {
        assertError(as.call("GET", "directory/no-such-user", keycloak.accessToken("bob"), null), 404, "user_not_found");
        HttpResponse<String> byName = as.call("GET", "directory?username=alice", keycloak.accessToken("bob"), null);
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(HttpCalls.json(byName).get("username").asText()).isEqualTo("alice");
    }

    private static void assertRejectedAndNothingStored(AuthService.User user, Map<String, Object> request, int status, String code) {
        assertRejected(user, request, status, code, 0);
    }

    private static void assertRejected(AuthService.User user, Map<String, Object> request, int status, String code,
            int devicesAfter) {
        assertError(as.register(user, request), status, code);
        assertThat(as.ownDevices(user)).as("devices stored").hasSize(devicesAfter);
        assertThat(StreamSupport.stream(keycloak.credentials(user.id()).spliterator(), false)
                .filter(c -> c.get("type").asText().equals("parley-device")).count())
                .as("device credentials").isEqualTo(devicesAfter);
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = HttpCalls.json(response);
        assertThat(body.get("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private static AuthService.User userWithDevice(String deviceId) {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, deviceId);
        return user;
    }

    private static void assertAliceUnchanged(AuthService.User alice) {
        JsonNode devices = as.ownDevices(alice);
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("label").asText()).isEqualTo("Device laptop");
        assertThat(devices.get(0).get("revoked").asBoolean()).isFalse();
    }

    private static List<String> labels(AuthService.User user) {
        List<String> labels = new ArrayList<>();
        keycloak.credentials(user.id()).forEach(c -> {
            if (c.get("type").asText().equals("parley-device")) {
                labels.add(c.path("userLabel").asText());
            }
        });
        return labels;
    }

    private static List<String> deviceIds(JsonNode devices) {
        List<String> ids = new ArrayList<>();
        devices.forEach(device -> ids.add(device.get("device_id").asText()));
        return ids;
    }

    private static List<String> deviceKeys(JsonNode entry) {
        List<String> keys = new ArrayList<>();
        entry.get("devices").forEach(device -> keys.add(device.get("device_key").asText()));
        return keys;
    }
}
