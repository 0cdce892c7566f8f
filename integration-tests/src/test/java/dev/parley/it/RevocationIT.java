package dev.parley.it;

import static dev.parley.it.DeviceRegistrationIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every way a device gets revoked — by its user, by an admin deleting the credential, by an identity reset,
 * by disabling or deleting the user — shows in the directory and in the revocation feed.
 */
@ExtendWith(ParleyStack.class)
class RevocationIT {

    private static AuthService as;
    private static Keycloak keycloak;

    @BeforeAll
    static void connect(ParleyStack.Running stack) {
        as = new AuthService(stack.keycloak());
        keycloak = new Keycloak(stack.keycloak());
    }

    @Test
    void aUserRevokesOwnDevice() {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");
        as.registerDevice(user, "phone");
        long cursor = as.revocations(0).get("last_seq").asLong();

        assertThat(as.call("DELETE", "devices/laptop", user.token(), null).statusCode()).isEqualTo(204);

        assertThat(revoked(as.directory(keycloak.accessToken("bob"), user.id()))).containsExactly("laptop:device_revoked");
        assertThat(feedEntries(cursor, user.id())).containsExactly("laptop:device_revoked");
        assertThat(credentialTypes(user.id())).containsExactlyInAnyOrder("password", "parley-identity", "parley-device");
        assertError(as.call("DELETE", "devices/laptop", user.token(), null), 404, "device_not_found");
        assertError(as.call("PATCH", "devices/laptop", user.token(), Map.of("label", "x")), 404, "device_not_found");
    }

    @Test
    void anAdminDeletingTheDeviceCredentialRevokesIt() {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");
        as.registerDevice(user, "phone");
        long cursor = as.revocations(0).get("last_seq").asLong();

        String phoneCredential = keycloak.credentialId(user.id(), "parley-device", "\"phone\"");
        assertThat(phoneCredential).isNotNull();
        assertThat(keycloak.admin("DELETE", "users/" + user.id() + "/credentials/" + phoneCredential, null)).isEqualTo(204);

        assertThat(revoked(as.directory(user.token(), user.id()))).containsExactly("phone:device_deleted");
        assertThat(feedEntries(cursor, user.id())).containsExactly("phone:device_deleted");
    }

    @Test
    void anAdminDeletingTheIdentityRevokesEveryDevice() {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "laptop");
        as.registerDevice(user, "phone");
        long cursor = as.revocations(0).get("last_seq").asLong();

        String identityCredential = keycloak.credentialId(user.id(), "parley-identity", "");
        assertThat(keycloak.admin("DELETE", "users/" + user.id() + "/credentials/" + identityCredential, null)).isEqualTo(204);

        assertThat(feedEntries(cursor, user.id())).containsExactlyInAnyOrder("laptop:identity_reset", "phone:identity_reset");
        assertThat(credentialTypes(user.id())).containsExactly("password");
        JsonNode entry = as.directory(keycloak.accessToken("bob"), user.id());
        assertThat(entry.has("identity")).isTrue();
        assertThat(entry.get("identity").isNull()).isTrue();
        assertThat(revoked(entry)).hasSize(2);
    }

    @Test
    void disablingOrDeletingAUserRevokesTheirDevices() {
        AuthService.User disabled = as.userWithIdentity();
        as.registerDevice(disabled, "laptop");
        AuthService.User deleted = as.userWithIdentity();
        as.registerDevice(deleted, "phone");
        long cursor = as.revocations(0).get("last_seq").asLong();

        keycloak.disableUser(disabled.id());
        assertThat(keycloak.admin("DELETE", "users/" + deleted.id(), null)).isEqualTo(204);

        assertThat(feedEntries(cursor, disabled.id())).containsExactly("laptop:user_disabled");
        assertThat(feedEntries(cursor, deleted.id())).containsExactly("phone:user_deleted");
    }

    @Test
    void theFeedIsOrderedAndReadOnlyByTheGatewaysServiceAccount() {
        AuthService.User user = as.userWithIdentity();
        as.registerDevice(user, "a");
        as.registerDevice(user, "b");
        long cursor = as.revocations(0).get("last_seq").asLong();
        as.call("DELETE", "devices/a", user.token(), null);
        as.call("DELETE", "devices/b", user.token(), null);

        JsonNode page = as.revocations(cursor);
        List<Long> seqs = new ArrayList<>();
        page.get("revocations").forEach(entry -> seqs.add(entry.get("seq").asLong()));
        assertThat(seqs).isSorted().doesNotHaveDuplicates().allMatch(seq -> seq > cursor);
        assertThat(page.get("last_seq").asLong()).isEqualTo(seqs.get(seqs.size() - 1));
        assertThat(as.revocations(page.get("last_seq").asLong()).get("revocations")).isEmpty();

        assertError(as.call("GET", "revocations", user.token(), null), 403, "forbidden");
    }

    private static List<String> revoked(JsonNode entry) {
        List<String> revoked = new ArrayList<>();
        entry.get("devices").forEach(device -> {
            if (device.get("revoked").asBoolean()) {
                revoked.add(device.get("device_id").asText() + ":" + device.get("revocation_reason").asText());
            }
        });
        return revoked;
    }

    private static List<String> feedEntries(long after, String userId) {
        List<String> entries = new ArrayList<>();
        as.revocations(after).get("revocations").forEach(entry -> {
            if (entry.get("user_id").asText().equals(userId)) {
                entries.add(entry.get("device_id").asText() + ":" + entry.get("reason").asText());
            }
        });
        return entries;
    }

    private static List<String> credentialTypes(String userId) {
        List<String> types = new ArrayList<>();
        keycloak.credentials(userId).forEach(credential -> types.add(credential.get("type").asText()));
        return types;
    }
}
