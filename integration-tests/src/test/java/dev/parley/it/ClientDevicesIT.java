package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.KeycloakServer;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's devices, KeyPackages, contacts and realtime connection end to end: each command its own JVM
 * ({@link CliProcess}) with a state directory per user, against the real Keycloak extension and gateway. Keys are
 * made by the CLI; the realm and the gateway check them as for any client.
 */
@ExtendWith(ParleyStack.class)
class ClientDevicesIT {

    private static ParleyStack.Running stack;
    private static Keycloak keycloak;

    @TempDir
    Path home;

    @BeforeAll
    static void connect(ParleyStack.Running running) {
        stack = running;
        keycloak = new Keycloak(running.keycloak());
    }

    /** A fresh realm user (password = user name) and a state directory pointing at the stack. */
    private record User(String name, String id, Path state) {
    }

    @Test
    void loginRegistersTheDeviceAndFillsItsKeyPackages() throws IOException {
        User alice = newUser();

        CliProcess.Result login = login(alice);

        assertThat(login.out()).contains("Created your identity key").contains("Registered this device as '")
                .contains("Uploaded 50 KeyPackages and a last-resort KeyPackage");
        JsonNode devices = json(run(alice, "devices", "list", "--json"));
        assertThat(devices).hasSize(1);
        JsonNode device = devices.get(0);
        assertThat(device.get("this_device").asBoolean()).isTrue();
        assertThat(device.get("revoked").asBoolean()).isFalse();
        assertThat(device.get("cipher_suite").asInt()).isEqualTo(1);
        JsonNode status = json(run(alice, "keypackages", "status", "--json"));
        assertThat(status.get("device_id").asText()).isEqualTo(device.get("device_id").asText());
        assertThat(status.get("one_time").asLong()).isEqualTo(50);
        assertThat(status.get("last_resort").asBoolean()).isTrue();
        assertThat(run(alice, "keypackages", "refill").out()).contains("Nothing to do");

        // the certificate the CLI made verifies with the identity key the directory publishes
        JsonNode entry = new AuthService(stack.keycloak()).directory(keycloak.accessToken(alice.name()), alice.id());
        DeviceCertificate certificate = new DeviceCertificate(KeycloakServer.REALM, alice.id(), device.get("device_id").asText(),
                Base64Url.decode(device.get("device_key").asText()), device.get("created_at").asLong());
        assertThat(certificate.verify(Base64Url.decode(entry.get("identity").get("public_key").asText()),
                Base64Url.decode(device.get("certificate").asText()))).isTrue();
        assertOwnerOnly(alice.state());
        assertThat(alice.state().resolve("keys.json")).exists();
        assertThat(alice.state().resolve("store.mv.db")).exists();

        assertThat(run(alice, "devices", "rename", device.get("device_id").asText(), "Work laptop").out()).contains("Work laptop");
        CliProcess.Result list = run(alice, "devices", "list");
        assertThat(list.out()).contains("* " + device.get("device_id").asText()).contains("Work laptop").contains("active");
    }

    @Test
    void aSecondDirectoryWithoutTheIdentityKeyIsExplained() {
        User bob = newUser();
        login(bob);
        Path other = configured(home.resolve(bob.name() + "-other"));
        CliProcess.Result login = CliProcess.runWithInput(other, bob.name() + "\n", "login", "--dev-password", "--username", bob.name());

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains("already has an identity key").contains("--reset-identity").doesNotContain("\tat ");

        CliProcess.Result register = CliProcess.run(other, "devices", "register");
        assertThat(register.exitCode()).as(register.toString()).isEqualTo(7);
        assertThat(register.err()).contains("(identity_key_elsewhere)");
        CliProcess.Result status = CliProcess.run(other, "keypackages", "status");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(7);
        assertThat(status.err()).contains("(no_device)").contains("parley devices register");
    }

    @Test
    void contactsFlowBetweenTwoUsers() throws IOException {
        User alice = newUser();
        User bob = newUser();
        login(alice);
        login(bob);

        assertThat(run(alice, "contacts", "request", bob.name()).out()).contains("Asked " + bob.name());
        JsonNode bobsView = json(run(bob, "contacts", "list", "--json"));
        assertThat(bobsView.get("incoming").get(0).get("username").asText()).isEqualTo(alice.name());
        assertThat(bobsView.get("incoming").get(0).get("user_id").asText()).isEqualTo(alice.id());
        assertThat(json(run(alice, "contacts", "list", "--json")).get("outgoing").get(0).get("user_id").asText()).isEqualTo(bob.id());

        assertThat(run(bob, "contacts", "accept", alice.name()).out()).contains(alice.name() + " is now a contact.");
        JsonNode alicesView = json(run(alice, "contacts", "list", "--json"));
        assertThat(alicesView.get("contacts").get(0).get("username").asText()).isEqualTo(bob.name());
        assertThat(alicesView.get("incoming")).isEmpty();
        assertThat(run(alice, "contacts", "list").out()).contains("Contacts:").contains(bob.name());

        run(alice, "contacts", "block", bob.name());
        assertThat(json(run(alice, "contacts", "blocks", "--json")).get("blocked").get(0).get("user_id").asText()).isEqualTo(bob.id());
        assertThat(json(run(bob, "contacts", "list", "--json")).get("contacts")).isEmpty();
        CliProcess.Result refused = CliProcess.run(bob.state(), "contacts", "request", alice.name());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
        assertThat(refused.err()).contains("(contact_refused)").doesNotContain("\tat ");

        run(alice, "contacts", "unblock", bob.name());
        assertThat(run(bob, "contacts", "request", alice.id()).out()).contains("Asked");
        run(bob, "contacts", "cancel", alice.name());
        assertThat(json(run(alice, "contacts", "list", "--json")).get("incoming")).isEmpty();

        CliProcess.Result unknown = CliProcess.run(alice.state(), "contacts", "request", "nobody-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(5);
        assertThat(unknown.err()).contains("(user_not_found)");
    }

    @Test
    void aChangedIdentityKeyIsReportedLoudlyUntilAccepted() throws IOException {
        User alice = newUser();
        User bob = newUser();
        login(alice);
        login(bob);
        JsonNode first = json(run(alice, "contacts", "verify", bob.name(), "--json"));
        assertThat(first.get("identity_changed").asBoolean()).isFalse();
        assertThat(first.get("devices")).hasSize(1);
        assertThat(first.get("rejected_devices")).isEmpty();

        assertThat(run(bob, "devices", "register", "--reset-identity").out()).contains("Created your identity key");

        CliProcess.Result changed = CliProcess.run(alice.state(), "contacts", "verify", bob.name());
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(9);
        assertThat(changed.err()).contains("identity key CHANGED (identity_key_changed)").contains("--accept-new-identity");
        assertThat(run(alice, "contacts", "verify", bob.name(), "--accept-new-identity").err()).isEmpty();
        JsonNode accepted = json(run(alice, "contacts", "verify", bob.name(), "--json"));
        assertThat(accepted.get("identity_changed").asBoolean()).isFalse();
        assertThat(accepted.get("fingerprint").asText()).isNotEqualTo(first.get("fingerprint").asText());
        assertThat(accepted.get("devices")).hasSize(1);
    }

    @Test
    void anIdentityResetLongAfterSigningInAsksForANewSignIn() throws Exception {
        User dave = newUser();
        java.util.Map<String, String> before = keycloak.setRealmAttributes(
                java.util.Map.of("parley.identityResetMaxAuthAgeSeconds", "2"));
        try {
            login(dave);
            Thread.sleep(3_500);

            CliProcess.Result refused = CliProcess.run(dave.state(), "devices", "register", "--reset-identity");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
            assertThat(refused.err()).contains("(reauthentication_required)").contains("parley logout")
                    .contains("parley login").doesNotContain("\tat ");
            assertThat(json(run(dave, "devices", "list", "--json")).get(0).get("revoked").asBoolean())
                    .as("nothing was revoked").isFalse();
        } finally {
            keycloak.setRealmAttributes(java.util.Map.of("parley.identityResetMaxAuthAgeSeconds",
                    before.getOrDefault("parley.identityResetMaxAuthAgeSeconds", "")));
        }
        run(dave, "logout");
        login(dave);
        assertThat(run(dave, "devices", "register", "--reset-identity").out()).contains("Created your identity key");
    }

    @Test
    void anAdminDeletingTheDeviceStopsListenWithExitCode6() throws Exception {
        User carol = newUser();
        login(carol);
        String deviceId = json(run(carol, "devices", "list", "--json")).get(0).get("device_id").asText();

        CliProcess listen = CliProcess.start(carol.state(), "listen");
        listen.awaitLine(line -> line.startsWith("Connected to gw_it as device " + deviceId), Duration.ofSeconds(60));
        String credentialId = keycloak.credentialId(carol.id(), "parley-device", "\"" + deviceId + "\"");
        assertThat(credentialId).isNotNull();
        assertThat(keycloak.admin("DELETE", "users/" + carol.id() + "/credentials/" + credentialId, null)).isEqualTo(204);

        CliProcess.Result result = listen.finish(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        assertThat(result.err()).contains("error: this device (" + deviceId + ") was revoked by an administrator (device_revoked)")
                .contains("parley devices register").doesNotContain("\tat ");
        assertThat(result.err().lines().filter(line -> line.startsWith("error:"))).hasSize(1);

        CliProcess.Result status = CliProcess.run(carol.state(), "keypackages", "status");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(6);
        assertThat(status.err()).contains("(device_revoked)");
    }

    @Test
    void aSecondListenOfTheSameDeviceDisplacesTheFirst() throws Exception {
        User dave = newUser();
        login(dave);
        CliProcess first = CliProcess.start(dave.state(), "listen");
        first.awaitLine(line -> line.startsWith("Connected to "), Duration.ofSeconds(60));

        CliProcess second = CliProcess.start(dave.state(), "listen", "--json");
        JsonNode connected = HttpCalls.JSON.readTree(second.awaitLine(line -> line.contains("\"connected\""), Duration.ofSeconds(60)));
        assertThat(connected.get("type").asText()).isEqualTo("connected");

        CliProcess.Result displaced = first.finish(Duration.ofSeconds(30));
        assertThat(displaced.exitCode()).as(displaced.toString()).isEqualTo(8);
        assertThat(displaced.err()).contains("(displaced)");

        // revoking the device from the CLI ends the second one with the revocation
        String deviceId = connected.get("device_id").asText();
        assertThat(run(dave, "devices", "revoke", deviceId).out()).contains("Revoked " + deviceId);
        CliProcess.Result revoked = second.finish(Duration.ofSeconds(60));
        assertThat(revoked.exitCode()).as(revoked.toString()).isEqualTo(6);
        assertThat(revoked.err()).contains("was revoked by you");
        assertThat(json(run(dave, "devices", "list", "--json")).get(0).get("revocation_reason").asText()).isEqualTo("device_revoked");
    }

    private User newUser() {
        String name = "c" + UUID.randomUUID().toString().substring(0, 8);
        String id = keycloak.createUser(name);
        return new User(name, id, configured(home.resolve(name)));
    }

    private static Path configured(Path state) {
        for (String[] setting : new String[][] {
                {"gateway.url", stack.wildfly().gatewayUri().toString()},
                {"realm.url", stack.keycloak().realmUri().toString()}}) {
            CliProcess.Result result = CliProcess.run(state, "config", "set", setting[0], setting[1]);
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
        return state;
    }

    private static CliProcess.Result login(User user) {
        CliProcess.Result login = CliProcess.runWithInput(user.state(), user.name() + "\n", "login", "--dev-password",
                "--username", user.name());
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).doesNotContain("warning: this directory was not registered");
        return login;
    }

    private static CliProcess.Result run(User user, String... args) {
        CliProcess.Result result = CliProcess.run(user.state(), args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static JsonNode json(CliProcess.Result result) throws IOException {
        return HttpCalls.JSON.readTree(result.out());
    }

    private static void assertOwnerOnly(Path state) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        try (var files = Files.list(state)) {
            for (Path file : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
            }
        }
    }
}
