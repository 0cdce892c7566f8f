package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.device.DeviceCertificate;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The web client makes the browser a device of the signed-in user, as the CLI does: on the first sign-in it makes
 * the identity key (the user has none) and a device key in the browser, registers them with the Authentication
 * Service across origins (CORS for the web client's Web Origins), and the device's certificate verifies with the
 * identity key the realm publishes. A reload keeps the device. A user whose identity key was made elsewhere is told
 * what to do, and no device is registered.
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
