package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Messages both ways between the web client (ts-mls, in Chromium) and a bcmls device in a direct conversation: the
 * browser reads the log (Welcomes, commits, application messages), shows the history, sends a text through its outbox
 * with one msg_id, and after a reload shows the same history from IndexedDB without sending anything again.
 */
@ExtendWith(ParleyStack.class)
class WebClientMessagingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theBrowserAndABcmlsDeviceExchangeMessagesAndAReloadKeepsTheHistoryAndSendsNothingTwice(ParleyStack.Running stack)
            throws Exception {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);
        AuthService realm = new AuthService(stack.keycloak());
        AuthService.User alice = realm.newUser();
        DeliveryService gateway = new DeliveryService(stack);
        MlsDevice bob = MlsDevice.register(realm, realm.userWithIdentity(), "phone");
        gateway.uploadKeyPackages(bob, 2);

        try (Browser browser = Browser.start(stack.work(), "messaging")) {
            String browserDevice = browser.signInAsNewDevice(app, stack.keycloak().realmUri(), alice);

            Matcher opened = browser.openDirectConversation(bob.user.username());
            String conversationId = opened.group(2);
            List<JsonNode> welcome = gateway.entries(bob, conversationId, 0);
            bob.join(DeliveryService.bytes(welcome.get(0).get("message")));

            HttpResponse<String> sent = gateway.sendMessage(bob, conversationId, "m-bob-1",
                    bob.protect("{\"v\":1,\"type\":\"text\",\"text\":\"Hello from the phone\",\"sent_at\":\"2026-12-06T04:00:00Z\"}"));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            awaitMessages(browser, List.of(bob.user.username() + ": Hello from the phone"));
            assertThat(browser.visible(By.cssSelector("#conversation-list button")).getText())
                    .isEqualTo(bob.user.username());

            browser.type(By.id("message-text"), "Hello from the browser");
            browser.click(By.id("message-send"));
            awaitMessages(browser, List.of(bob.user.username() + ": Hello from the phone", "You: Hello from the browser"));
            new WebDriverWait(browser.driver(), WAIT)
                    .until(driver -> driver.findElements(By.cssSelector("#message-list .pending")).isEmpty());

            List<JsonNode> fromBrowser = applicationFrom(gateway.entries(bob, conversationId, 0), browserDevice);
            assertThat(fromBrowser).hasSize(1);
            String plaintext = bob.unprotect(DeliveryService.bytes(fromBrowser.get(0).get("message")));
            JsonNode body = HttpCalls.JSON.readTree(plaintext);
            assertThat(body.get("v").asInt()).isEqualTo(1);
            assertThat(body.get("type").asText()).isEqualTo("text");
            assertThat(body.get("text").asText()).as("bcmls decrypts what the browser sent").isEqualTo("Hello from the browser");
            String msgId = fromBrowser.get(0).get("msg_id").asText();
            assertThat(msgId).matches("m-[0-9a-f]{32}");

            browser.driver().executeScript("document.getElementById('conversations').scrollIntoView()");
            browser.screenshot("web-client-conversation.png");
            Path docsImages = Path.of("..", "docs", "images");
            if (Files.isDirectory(docsImages)) {
                browser.screenshot(docsImages.resolve("web-client-conversation.png"));
            }

            browser.driver().navigate().refresh();
            awaitMessages(browser, List.of(bob.user.username() + ": Hello from the phone", "You: Hello from the browser"));
            Thread.sleep(8_000); // more than two rounds of reading the log and flushing the outbox
            assertThat(messages(browser)).containsExactly(bob.user.username() + ": Hello from the phone",
                    "You: Hello from the browser");
            List<JsonNode> application = gateway.entries(bob, conversationId, 0).stream()
                    .filter(entry -> entry.get("kind").asText().equals("application")).toList();
            assertThat(application).as("each msg_id once in the log").hasSize(2);
            assertThat(application.stream().map(entry -> entry.get("msg_id").asText())).containsExactly("m-bob-1", msgId);
            assertThat(browser.consoleErrorsAbout(app.toString())).isEmpty();
        }
    }

    @Test
    void theBrowserJoinsAConversationABcmlsDeviceAddsItToAndReadsItsMessage(ParleyStack.Running stack) {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);
        AuthService realm = new AuthService(stack.keycloak());
        AuthService.User alice = realm.newUser();
        DeliveryService gateway = new DeliveryService(stack);
        MlsDevice bob = MlsDevice.register(realm, realm.userWithIdentity(), "laptop");

        try (Browser browser = Browser.start(stack.work(), "joining")) {
            String browserDevice = browser.signInAsNewDevice(app, stack.keycloak().realmUri(), alice);

            byte[] groupId = new byte[32];
            new SecureRandom().nextBytes(groupId);
            HttpResponse<String> created = gateway.createDm(bob, alice.id(), groupId, bob.createGroup(groupId));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String conversationId = HttpCalls.json(created).get("conversation_id").asText();
            JsonNode claimed = gateway.claim(bob, alice.id(), browserDevice);
            MlsDevice.PendingCommit add = bob.commitAdds(List.of(claimed.get("key_package").asText()));
            HttpResponse<String> accepted = gateway.commit(bob, conversationId, "add-1", add,
                    List.of(claimed.get("ref").asText()), List.of());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            bob.applyOwn(add);
            HttpResponse<String> sent = gateway.sendMessage(bob, conversationId, "m-laptop-1",
                    bob.protect("{\"v\":1,\"type\":\"text\",\"text\":\"Welcome aboard\"}"));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

            awaitMessages(browser, List.of(bob.user.username() + ": Welcome aboard"));
            browser.type(By.id("message-text"), "Thanks");
            browser.click(By.id("message-send"));
            awaitMessages(browser, List.of(bob.user.username() + ": Welcome aboard", "You: Thanks"));
            new WebDriverWait(browser.driver(), WAIT)
                    .until(driver -> driver.findElements(By.cssSelector("#message-list .pending")).isEmpty());
            List<JsonNode> fromBrowser = applicationFrom(gateway.entries(bob, conversationId, 0), browserDevice);
            assertThat(fromBrowser).hasSize(1);
            assertThat(bob.unprotect(DeliveryService.bytes(fromBrowser.get(0).get("message")))).contains("\"text\":\"Thanks\"");
            assertThat(browser.consoleErrorsAbout(app.toString())).isEmpty();
        }
    }

    private static List<JsonNode> applicationFrom(List<JsonNode> entries, String deviceId) {
        return entries.stream().filter(entry -> entry.get("kind").asText().equals("application"))
                .filter(entry -> entry.get("sender_device_id").asText().equals(deviceId)).toList();
    }

    /** The messages the page shows, as "sender: text". */
    private static List<String> messages(Browser browser) {
        return browser.driver().findElements(By.cssSelector("#message-list .message")).stream()
                .map(WebClientMessagingIT::shown).toList();
    }

    private static String shown(WebElement message) {
        return message.findElement(By.className("sender")).getText() + ": " + message.findElement(By.className("text")).getText();
    }

    private static void awaitMessages(Browser browser, List<String> expected) {
        new WebDriverWait(browser.driver(), WAIT).until(driver -> {
            try {
                return messages(browser).equals(expected);
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return false;
            }
        });
    }
}
