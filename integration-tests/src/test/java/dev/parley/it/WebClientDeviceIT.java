package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import dev.parley.protocol.mls.MlsMessage;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tree.Lifetime;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.bouncycastle.mls.codec.KeyPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The web client makes the browser a device of the signed-in user, as the CLI does: on the first sign-in it makes
 * the identity key (the user has none) and a device key in the browser, registers them with the Authentication
 * Service across origins (CORS for the web client's Web Origins), and the device's certificate verifies with the
 * identity key the realm publishes. A reload keeps the device. The browser makes its MLS KeyPackages with ts-mls,
 * signed by the non-extractable device key, and uploads the CLI's 50 and a last-resort one; another user's device
 * claims one and bcmls verifies and adds it. A user whose identity key was made elsewhere is told what to do, and no
 * device is registered.
 */
@ExtendWith(ParleyStack.class)
class WebClientDeviceIT {

    @Test
    void theFirstSignInRegistersThisBrowserAsACertifiedDeviceAndAReloadKeepsIt(ParleyStack.Running stack) {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);
        AuthService realm = new AuthService(stack.keycloak());
        AuthService.User user = realm.newUser();

        try (Browser browser = Browser.start(stack.work(), "device")) {
            browser.signInToApp(app, stack.keycloak().realmUri(), user.username(), user.username());

            String deviceId = browser.visible(By.id("device-id")).getText();
            assertThat(browser.visible(By.id("device-status")).getText()).startsWith("This browser is now one of your devices");
            browser.screenshot("web-client-device.png");

            JsonNode devices = realm.ownDevices(user);
            assertThat(devices).hasSize(1);
            JsonNode device = devices.get(0);
            assertThat(device.get("device_id").asText()).isEqualTo(deviceId).startsWith("web-");
            assertThat(device.get("platform").asText()).isEqualTo("web");
            assertThat(device.get("revoked").asBoolean()).isFalse();
            JsonNode identity = HttpCalls.json(ok(realm.call("GET", "identity", user.token(), null)));
            DeviceCertificate certificate = new DeviceCertificate("parley", user.id(), deviceId,
                    Base64Url.decode(device.get("device_key").asText()), device.get("created_at").asLong());
            assertThat(certificate.verify(Base64Url.decode(identity.get("public_key").asText()),
                    Base64Url.decode(device.get("certificate").asText())))
                    .as("the certificate verifies with the identity key the realm publishes").isTrue();
            assertThat(browser.visible(By.id("device-fingerprint")).getText())
                    .startsWith(identity.get("fingerprint").asText().substring(0, 16));

            browser.driver().navigate().refresh();
            browser.awaitText(By.id("device-id"), deviceId);
            assertThat(browser.visible(By.id("device-status")).getText()).startsWith("This browser is one of your devices");
            assertThat(realm.ownDevices(user)).as("the reload registered nothing").hasSize(1);
            assertThat(browser.consoleErrorsAbout(app.toString())).isEmpty();
        }
    }

    @Test
    void theBrowserUploadsKeyPackagesSignedByItsDeviceKeyThatBcmlsVerifiesAndAdds(ParleyStack.Running stack) {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);
        AuthService realm = new AuthService(stack.keycloak());
        AuthService.User user = realm.newUser();
        DeliveryService gateway = new DeliveryService(stack);
        MlsDevice claimer = MlsDevice.register(realm, realm.userWithIdentity(), "phone");

        try (Browser browser = Browser.start(stack.work(), "key-packages")) {
            browser.signInToApp(app, stack.keycloak().realmUri(), user.username(), user.username());
            String deviceId = browser.visible(By.id("device-id")).getText();
            browser.awaitText(By.id("device-key-packages"), "50 on the server, and a last-resort one (just uploaded)");
            assertThat(storedKeyPackages(browser)).as("each KeyPackage's private keys stay in the browser").isEqualTo(51);

            JsonNode claimed = gateway.claim(claimer, user.id(), deviceId);
            assertThat(claimed.get("last_resort").asBoolean()).isFalse();
            String message = claimed.get("key_package").asText();
            KeyPackage keyPackage = MlsDevice.verifiedKeyPackage(message);
            JsonNode device = realm.ownDevices(user).get(0);
            assertThat(Base64Url.encode(Bytes.of(keyPackage.getLeafNode().getSignatureKey())))
                    .as("the leaf's signature key is the browser's device key").isEqualTo(device.get("device_key").asText());
            assertThat(new String(keyPackage.getLeafNode().getCredential().getIdentity(), StandardCharsets.UTF_8))
                    .isEqualTo(user.id() + "/" + deviceId);
            Lifetime lifetime = MlsMessage.parse(Base64Url.decode(message).toByteArray())
                    .bodyAs(dev.parley.protocol.mls.keypackage.KeyPackage.class).leafNode().lifetime().orElseThrow();
            assertThat(lifetime.notAfter() - lifetime.notBefore()).as("60 days from 10 minutes ago, as the SDK's")
                    .isEqualTo(60 * 86_400 + 600);
            claimer.createGroup(new byte[] {1, 2, 3, 4});
            MlsDevice.PendingCommit add = claimer.commitAdds(List.of(message));
            assertThat(add.welcome()).as("bcmls adds the browser's KeyPackage and welcomes it").isNotNull();

            browser.driver().navigate().refresh();
            browser.awaitText(By.id("device-key-packages"), "50 on the server, and a last-resort one (just uploaded)");
            assertThat(storedKeyPackages(browser)).as("the claimed one was replaced").isEqualTo(52);
            browser.driver().navigate().refresh();
            browser.awaitText(By.id("device-key-packages"), "50 on the server, and a last-resort one");
            assertThat(storedKeyPackages(browser)).as("a full pool uploads nothing").isEqualTo(52);
            assertThat(browser.consoleErrorsAbout(app.toString())).isEmpty();
        }
    }

    /** The KeyPackages the page keeps in IndexedDB (database "parley", store "key_packages") as uploaded. */
    private static long storedKeyPackages(Browser browser) {
        Object count = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const open = indexedDB.open('parley');
                open.onsuccess = () => {
                  const all = open.result.transaction('key_packages').objectStore('key_packages').getAll();
                  all.onsuccess = () => { done(all.result.filter((kp) => kp.state === 'uploaded').length); open.result.close(); };
                  all.onerror = () => done(-1);
                };
                open.onerror = () => done(-2);
                """);
        return ((Number) count).longValue();
    }

    @Test
    void aUserWhoseIdentityKeyIsOnAnotherDeviceIsToldWhatToDo(ParleyStack.Running stack) {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);
        AuthService realm = new AuthService(stack.keycloak());
        AuthService.User user = realm.userWithIdentity();

        try (Browser browser = Browser.start(stack.work(), "elsewhere")) {
            browser.signInToApp(app, stack.keycloak().realmUri(), user.username(), user.username());

            browser.awaitText(By.id("device-problem-title"), "Your identity key is on another device");
            assertThat(browser.visible(By.id("device-problem-detail")).getText())
                    .contains("--reset-identity").contains("device that holds it");
            assertThat(realm.ownDevices(user)).isEmpty();
        }
    }

    @Test
    void theRealmAnswersBrowsersOnlyForTheWebOriginsOfTheTokensClient(ParleyStack.Running stack) {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);
        String origin = app.getScheme() + "://" + app.getAuthority();
        URI info = URI.create(stack.keycloak().realmUri() + "/parley/info");
        AuthService.User user = new AuthService(stack.keycloak()).newUser();

        HttpResponse<String> preflight = HttpCalls.send("OPTIONS", URI.create(stack.keycloak().realmUri() + "/parley/devices/x"),
                null, null, Map.of("Origin", origin, "Access-Control-Request-Method", "PATCH",
                        "Access-Control-Request-Headers", "authorization, content-type"));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PATCH");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");

        HttpResponse<String> noToken = HttpCalls.send("GET", info, null, null, Map.of("Origin", origin));
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Access-Control-Allow-Origin")).as("a refusal is readable").hasValue(origin);

        HttpResponse<String> otherClient = HttpCalls.send("GET", info, user.token(), null, Map.of("Origin", origin));
        assertThat(otherClient.statusCode()).as("a parley-cli token, which has no Web Origins, from the app's origin")
                .isEqualTo(403);
        assertThat(HttpCalls.json(otherClient).get("error").asText()).isEqualTo("forbidden");

        assertThat(HttpCalls.send("GET", info, user.token(), null).statusCode()).as("no Origin: not a browser").isEqualTo(200);
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}
