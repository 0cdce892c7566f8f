package dev.parley.it;

import dev.parley.protocol.mls.testing.KeyPackageBuilder;
import static dev.parley.it.DeliveryService.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The KeyPackage directory against the real stack: devices registered in the real Keycloak extension with real
 * Ed25519 keys, real suite-1 KeyPackages signed by those keys. Upload and count, every rejection (and that a
 * rejected batch stored nothing), last resort, 64 concurrent claimers handing out each of 1,000 one-time KeyPackages exactly
 * once, revoked devices, blocks and the claim rate limit.
 */
@ExtendWith(ParleyStack.class)
class KeyPackageDirectoryIT {

    private static AuthService auth;
    private static DeliveryService gateway;

    /** A registered device: its owner, id and key pair. */
    private record Device(AuthService.User user, String id, KeyPair key) {

        KeyPackageBuilder keyPackage() {
            return new KeyPackageBuilder(key, (user.id() + "/" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        auth = new AuthService(stack.keycloak());
        gateway = new DeliveryService(stack);
    }

    @Test
    void uploadThenCountAndDuplicatesAreIdempotent() {
        Device phone = device(auth.userWithIdentity(), "phone");
        List<String> batch = keyPackages(phone, 5);

        HttpResponse<String> uploaded = upload(phone, batch, null);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(HttpCalls.json(uploaded).get("refs")).hasSize(5);
        assertCount(phone, 5, false);

        assertThat(upload(phone, batch, phone.keyPackage().build()).statusCode()).isEqualTo(200);
        assertCount(phone, 5, true);
    }

    @Test
    void everyRejectionNamesTheIndexAndStoresNothing() {
        AuthService.User user = auth.userWithIdentity();
        Device phone = device(user, "phone");
        Device laptop = device(user, "laptop");

        assertRejected(phone, k -> k.suite = 2, 400, "cipher_suite_unsupported");
        assertRejected(phone, k -> k.leafSource = 2, 400, "key_package_invalid");
        assertRejected(phone, k -> k.breakSignature = true, 400, "key_package_invalid");
        assertRejected(phone, k -> k.breakLeafSignature = true, 400, "key_package_invalid");
        assertRejected(phone, k -> k.notAfter = Instant.now().minusSeconds(60).getEpochSecond(), 400, "key_package_expired");
        assertRejected(phone, k -> k.notAfter = Instant.now().plus(Duration.ofDays(400)).getEpochSecond(), 400, "key_package_invalid");
        assertRejected(phone, k -> k.signer = laptop.key(), 400, "key_package_wrong_device");
        assertRejected(phone, k -> k.identity = (user.id() + "/laptop").getBytes(StandardCharsets.UTF_8), 400, "key_package_wrong_device");

        assertError(upload(phone, keyPackages(phone, 101), null), 400, "batch_too_large");
        assertError(upload(phone, keyPackages(phone, 1), "AAAA"), 400, "key_package_invalid");
        assertError(upload(new Device(user, "nope", phone.key()), keyPackages(phone, 1), null), 404, "device_not_found");
        assertError(send("POST", "key-packages", user.token(), null, Map.of("key_packages", List.of())), 400, "device_id_required");
        assertCount(phone, 0, false);
    }

    @Test
    void theLastResortIsHandedOutOnlyWhenThePoolIsEmptyAndNeverConsumed() {
        Device phone = device(auth.userWithIdentity(), "phone");
        AuthService.User claimer = auth.userWithIdentity();
        String lastResort = phone.keyPackage().build();
        assertThat(upload(phone, keyPackages(phone, 2), lastResort).statusCode()).isEqualTo(200);

        Set<String> oneTime = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            JsonNode claimed = claimOne(claimer, phone);
            assertThat(claimed.get("last_resort").asBoolean()).isFalse();
            oneTime.add(claimed.get("ref").asText());
        }
        assertThat(oneTime).hasSize(2);
        JsonNode first = claimOne(claimer, phone);
        JsonNode second = claimOne(claimer, phone);
        assertThat(first.get("last_resort").asBoolean()).isTrue();
        assertThat(first.get("key_package").asText()).isEqualTo(lastResort);
        assertThat(second.get("ref").asText()).isEqualTo(first.get("ref").asText());
        assertCount(phone, 0, true);

        String replacement = phone.keyPackage().build();
        assertThat(upload(phone, List.of(), replacement).statusCode()).isEqualTo(200);
        assertThat(claimOne(claimer, phone).get("key_package").asText()).isEqualTo(replacement);
    }

    @Test
    void aOneTimeKeyPackageNeverTakesThePlaceOfTheLastResort() {
        Device phone = device(auth.userWithIdentity(), "phone");
        AuthService.User claimer = auth.userWithIdentity();
        String lastResort = phone.keyPackage().build();
        List<String> oneTime = keyPackages(phone, 1);
        assertThat(upload(phone, oneTime, lastResort).statusCode()).isEqualTo(200);

        assertError(upload(phone, List.of(), oneTime.get(0)), 400, "key_package_invalid");
        String fresh = phone.keyPackage().build();
        assertError(upload(phone, List.of(fresh), fresh), 400, "key_package_invalid");
        assertCount(phone, 1, true);

        assertThat(claimOne(claimer, phone).get("last_resort").asBoolean()).isFalse();
        JsonNode resort = claimOne(claimer, phone);
        assertThat(resort.get("last_resort").asBoolean()).isTrue();
        assertThat(resort.get("key_package").asText()).isEqualTo(lastResort);
    }

    @Test
    void sixtyFourConcurrentClaimersHandOutEachOfAFullPoolOfKeyPackagesAtMostOnceThenTheLastResort() throws Exception {
        Device phone = device(auth.userWithIdentity(), "phone");
        int pool = 500; // parley.key-packages.max-pool: the most one device may hold
        for (int batch = 0; batch < pool / 100; batch++) {
            String lastResort = batch == 0 ? phone.keyPackage().build() : null;
            assertThat(upload(phone, keyPackages(phone, 100), lastResort).statusCode()).isEqualTo(200);
        }

        int claimers = 64;
        int claimsEach = 8; // 512 claims: the whole pool, then the last resort
        List<AuthService.User> users = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            users.add(auth.userWithIdentity()); // one user per claimer: the claim rate limit is per user
        }
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<JsonNode>>> results = new ArrayList<>();
        try {
            for (AuthService.User claimer : users) {
                Callable<List<JsonNode>> claims = () -> {
                    start.await();
                    List<JsonNode> claimed = new ArrayList<>();
                    for (int i = 0; i < claimsEach; i++) {
                        claimed.add(claimOne(claimer, phone));
                    }
                    return claimed;
                };
                results.add(threads.submit(claims));
            }
            start.countDown();
            List<String> oneTime = new ArrayList<>();
            Set<String> lastResort = new HashSet<>();
            for (Future<List<JsonNode>> result : results) {
                for (JsonNode claimed : result.get()) {
                    (claimed.get("last_resort").asBoolean() ? lastResort : oneTime).add(claimed.get("ref").asText());
                }
            }
            assertThat(oneTime).hasSize(pool).doesNotHaveDuplicates();
            assertThat(lastResort).hasSize(1).doesNotContainAnyElementsOf(oneTime);
        } finally {
            threads.shutdownNow();
        }
        assertCount(phone, 0, true);
    }

    @Test
    void aRevokedDeviceIsSkippedAndItsKeyPackagesDeleted() throws Exception {
        AuthService.User user = auth.userWithIdentity();
        Device phone = device(user, "phone");
        Device laptop = device(user, "laptop");
        AuthService.User claimer = auth.userWithIdentity();
        assertThat(upload(phone, keyPackages(phone, 3), phone.keyPackage().build()).statusCode()).isEqualTo(200);
        assertThat(upload(laptop, keyPackages(laptop, 3), laptop.keyPackage().build()).statusCode()).isEqualTo(200);
        assertThat(deviceIds(claim(claimer, user.id(), null))).containsExactlyInAnyOrder("phone", "laptop");

        assertThat(auth.call("DELETE", "devices/laptop", user.token(), null).statusCode()).isBetween(200, 204);

        Instant deadline = Instant.now().plusSeconds(60);
        while (sendAs("GET", "key-packages/count", laptop, null).statusCode() == 200) {
            assertThat(Instant.now()).as("the revocation reached the gateway").isBefore(deadline);
            Thread.sleep(250);
        }
        assertError(sendAs("GET", "key-packages/count", laptop, null), 403, "device_revoked");
        assertError(upload(laptop, keyPackages(laptop, 1), null), 403, "device_revoked");
        assertThat(deviceIds(claim(claimer, user.id(), null))).containsExactly("phone");
        assertThat(deviceIds(claim(claimer, user.id(), List.of("laptop")))).isEmpty();
    }

    @Test
    void aUserWhoBlockedTheClaimerIsRefused() {
        AuthService.User user = auth.userWithIdentity();
        Device phone = device(user, "phone");
        AuthService.User claimer = auth.userWithIdentity();
        assertThat(upload(phone, keyPackages(phone, 2), null).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "blocks/" + claimer.id(), user.token(), null, null).statusCode()).isBetween(200, 204);

        assertError(claim(claimer, user.id(), null), 403, "contact_refused");
        assertCount(phone, 2, false);
    }

    @Test
    void claimsAreRateLimitedPerClaimer() {
        AuthService.User user = auth.userWithIdentity();
        AuthService.User claimer = auth.userWithIdentity();
        HttpResponse<String> response = null;
        for (int i = 0; i < 300; i++) {
            response = claim(claimer, user.id(), null);
            if (response.statusCode() != 200) {
                break;
            }
        }
        assertError(response, 429, "rate_limited");
        assertThat(HttpCalls.json(response).get("retry_after_seconds").asLong()).isPositive();
        assertThat(claim(auth.userWithIdentity(), user.id(), null).statusCode()).as("another claimer").isEqualTo(200);
    }

    private void assertRejected(Device device, Consumer<KeyPackageBuilder> change, int status, String code) {
        KeyPackageBuilder bad = device.keyPackage();
        change.accept(bad);
        HttpResponse<String> response = upload(device, List.of(device.keyPackage().build(), bad.build()), null);
        assertError(response, status, code);
        assertThat(HttpCalls.json(response).get("message").asText()).startsWith("key_packages[1]: ");
        assertCount(device, 0, false);
    }

    private static Device device(AuthService.User user, String id) {
        return new Device(user, id, auth.registerDevice(user, id));
    }

    private static List<String> keyPackages(Device device, int count) {
        List<String> keyPackages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keyPackages.add(device.keyPackage().build());
        }
        return keyPackages;
    }

    private static HttpResponse<String> upload(Device device, List<String> keyPackages, String lastResort) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_packages", keyPackages);
        if (lastResort != null) {
            body.put("last_resort", lastResort);
        }
        return sendAs("POST", "key-packages", device, body);
    }

    private static void assertCount(Device device, long oneTime, boolean lastResort) {
        HttpResponse<String> response = sendAs("GET", "key-packages/count", device, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(HttpCalls.json(response).get("one_time").asLong()).isEqualTo(oneTime);
        assertThat(HttpCalls.json(response).get("last_resort").asBoolean()).isEqualTo(lastResort);
    }

    private static HttpResponse<String> claim(AuthService.User claimer, String userId, List<String> deviceIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        if (deviceIds != null) {
            body.put("device_ids", deviceIds);
        }
        return send("POST", "key-packages/claim", claimer.token(), null, body);
    }

    private static JsonNode claimOne(AuthService.User claimer, Device device) {
        HttpResponse<String> response = claim(claimer, device.user().id(), List.of(device.id()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode keyPackages = HttpCalls.json(response).get("key_packages");
        assertThat(keyPackages).as(response.body()).hasSize(1);
        assertThat(keyPackages.get(0).get("device_id").asText()).isEqualTo(device.id());
        return keyPackages.get(0);
    }

    private static List<String> deviceIds(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        HttpCalls.json(response).get("key_packages").forEach(k -> ids.add(k.get("device_id").asText()));
        return ids;
    }

    private static HttpResponse<String> send(String method, String path, String token, String deviceId, Object body) {
        return gateway.send(method, path, token, deviceId, body);
    }

    /** As {@code device}, signed with its key. */
    private static HttpResponse<String> sendAs(String method, String path, Device device, Object body) {
        return gateway.sendAs(method, path, device.user().token(),
                new HttpCalls.Signer(device.user().id(), device.id(), device.key().getPrivate()), body);
    }
}
