package dev.parley.it;

import static dev.parley.it.DeviceRegistrationIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The realm's {@code contacts} directory policy: the Authentication Service asks the real gateway who may read whose
 * directory entry. Strangers see no keys or devices ({@code directory_hidden}) but find each other's user ids by
 * name, contact requests open the asker's entry to
 * the addressee, accepted contacts and conversation partners see each other, a block hides the blocker, the gateway's
 * service account reads everything, and an unreachable gateway is {@code directory_unavailable}, never a "yes".
 */
@ExtendWith(ParleyStack.class)
class DirectoryPolicyIT {

    private static final String POLICY = "parley.directoryPolicy";
    private static final String GATEWAY_URL = "parley.gatewayUrl";

    private static ParleyStack.Running stack;
    private static AuthService as;
    private static Keycloak keycloak;
    private static Map<String, String> attributesBefore;

    @BeforeAll
    static void contactsOnly(ParleyStack.Running running) {
        stack = running;
        as = new AuthService(stack.keycloak());
        keycloak = new Keycloak(stack.keycloak());
        attributesBefore = keycloak.setRealmAttributes(Map.of(POLICY, "contacts",
                GATEWAY_URL, stack.wildfly().gatewayUri().toString()));
        outliveTheGatewaysPolicyCache();
    }

    @AfterAll
    static void restore() {
        keycloak.setRealmAttributes(Map.of(POLICY, attributesBefore.getOrDefault(POLICY, "realm"),
                GATEWAY_URL, attributesBefore.getOrDefault(GATEWAY_URL, "")));
        outliveTheGatewaysPolicyCache();
    }

    /**
     * The gateway reads the policy for KeyPackage claims at most every {@code RealmDirectoryPolicy.TTL} (5 s): once
     * that has passed after a change, every answer it gives was read after the change.
     */
    private static void outliveTheGatewaysPolicyCache() {
        try {
            Thread.sleep(6_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keyPackagesAreClaimedOnlyByThoseWhoMaySeeTheirOwner() {
        MlsDevice carolsLaptop = MlsDevice.register(as, as.userWithIdentity(), "laptop");
        MlsDevice davesPhone = MlsDevice.register(as, as.userWithIdentity(), "phone");
        DeliveryService ds = new DeliveryService(stack);
        ds.uploadKeyPackages(carolsLaptop, 2);
        Map<String, Object> claim = Map.of("user_id", carolsLaptop.user.id());

        assertError(ds.send("POST", "key-packages/claim", davesPhone, claim), 403, "directory_hidden");
        assertThat(ds.keyPackageCount(carolsLaptop)).isEqualTo(2);

        assertThat(ds.send("POST", "contacts/requests", carolsLaptop, Map.of("user_id", davesPhone.user.id())).statusCode())
                .isEqualTo(200);
        HttpResponse<String> claimed = ds.send("POST", "key-packages/claim", davesPhone, claim);
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
        assertThat(HttpCalls.json(claimed).get("key_packages")).hasSize(1);
    }

    @Test
    void strangersSeeNoEntryButTheirOwn() {
        AuthService.User alice = as.userWithIdentity();
        AuthService.User bob = as.userWithIdentity();

        assertError(entry(bob, alice), 403, "directory_hidden");
        assertError(as.call("GET", "directory?username=" + alice.username(), bob.token(), null), 403, "directory_hidden");
        assertThat(entry(alice, alice).statusCode()).isEqualTo(200);
    }

    @Test
    void everyUserFindsAnyUserByNameButNoKeys() {
        AuthService.User alice = as.userWithIdentity();
        AuthService.User bob = as.userWithIdentity();

        HttpResponse<String> byName = as.call("GET", "users?username=" + alice.username(), bob.token(), null);
        HttpResponse<String> byId = as.call("GET", "users/" + alice.id(), bob.token(), null);

        assertThat(byName.statusCode()).as(byName.body()).isEqualTo(200);
        assertThat(HttpCalls.json(byName).get("user_id").asText()).isEqualTo(alice.id());
        assertThat(HttpCalls.json(byName).has("identity")).isFalse();
        assertThat(HttpCalls.json(byId).get("username").asText()).isEqualTo(alice.username());
        assertError(as.call("GET", "users?username=nobody-" + alice.username(), bob.token(), null), 404, "user_not_found");
        assertError(as.call("GET", "users?username=service-account-parley-gateway", bob.token(), null), 404, "user_not_found");
        assertError(as.call("GET", "users", bob.token(), null), 400, "bad_request");
        assertThat(as.call("GET", "users/" + alice.id(), null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aContactRequestOpensTheAskersEntryToTheAddresseeAndAcceptingOpensBoth() {
        AuthService.User alice = as.userWithIdentity();
        AuthService.User bob = as.userWithIdentity();

        assertThat(gateway("POST", "contacts/requests", alice, Map.of("user_id", bob.id())).statusCode()).isEqualTo(200);
        assertThat(entry(bob, alice).statusCode()).as("bob checks who asks").isEqualTo(200);
        assertError(entry(alice, bob), 403, "directory_hidden");

        assertThat(gateway("POST", "contacts/requests/" + alice.id() + "/accept", bob, null).statusCode()).isEqualTo(200);
        assertThat(HttpCalls.json(entry(alice, bob)).get("identity").get("public_key").asText()).isEqualTo(AuthService.b64(bob.identity()));
        assertThat(entry(bob, alice).statusCode()).isEqualTo(200);
    }

    @Test
    void aBlockHidesTheBlockerFromTheBlocked() {
        AuthService.User alice = as.userWithIdentity();
        AuthService.User bob = as.userWithIdentity();
        gateway("POST", "contacts/requests", alice, Map.of("user_id", bob.id()));
        gateway("POST", "contacts/requests/" + alice.id() + "/accept", bob, null);
        assertThat(entry(bob, alice).statusCode()).isEqualTo(200);

        assertThat(gateway("PUT", "blocks/" + bob.id(), alice, null).statusCode()).isEqualTo(204);

        assertError(entry(bob, alice), 403, "directory_hidden");
    }

    @Test
    void conversationPartnersSeeEachOther() {
        AuthService.User carol = as.userWithIdentity();
        AuthService.User dave = as.userWithIdentity();
        assertError(entry(dave, carol), 403, "directory_hidden");
        MlsDevice carolsLaptop = MlsDevice.register(as, carol, "laptop");
        MlsDevice.register(as, dave, "phone");
        byte[] groupId = new byte[32];
        new SecureRandom().nextBytes(groupId);

        HttpResponse<String> created = new DeliveryService(stack).createDm(carolsLaptop, dave.id(), groupId);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(HttpCalls.json(entry(dave, carol)).get("devices").get(0).get("device_id").asText()).isEqualTo("laptop");
        assertThat(entry(carol, dave).statusCode()).isEqualTo(200);
    }

    @Test
    void theGatewaysServiceAccountReadsEveryEntry() {
        AuthService.User alice = as.userWithIdentity();

        HttpResponse<String> response = as.call("GET", "directory/" + alice.id(), keycloak.gatewayServiceToken(), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void anUnreachableGatewayIsDirectoryUnavailableNeverAYes() {
        AuthService.User alice = as.userWithIdentity();
        AuthService.User bob = as.userWithIdentity();
        keycloak.setRealmAttributes(Map.of(GATEWAY_URL, "http://127.0.0.1:9/parley"));
        try {
            assertError(entry(bob, alice), 503, "directory_unavailable");
            assertThat(entry(alice, alice).statusCode()).as("one's own entry needs no gateway").isEqualTo(200);
        } finally {
            keycloak.setRealmAttributes(Map.of(GATEWAY_URL, stack.wildfly().gatewayUri().toString()));
        }
    }

    private static HttpResponse<String> entry(AuthService.User viewer, AuthService.User owner) {
        return as.call("GET", "directory/" + owner.id(), viewer.token(), null);
    }

    private static HttpResponse<String> gateway(String method, String path, AuthService.User caller, Object body) {
        URI uri = stack.wildfly().gatewayUri().resolve("api/v1/" + path);
        return HttpCalls.send(method, uri, caller.token(), body);
    }
}
