package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web client opens a direct conversation with ts-mls: the browser creates the MLS group with its non-extractable
 * device key, the gateway accepts its epoch-0 GroupInfo and the commit that adds the peer's device (a PublicMessage,
 * the new epoch's GroupInfo), and the peer — a bcmls client — joins from the browser's Welcome with the ratchet tree
 * inline.
 */
@ExtendWith(ParleyStack.class)
class WebClientDirectConversationIT {

    @Test
    void theBrowserOpensADirectConversationThatABcmlsDeviceJoinsFromItsWelcome(ParleyStack.Running stack) {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);
        AuthService realm = new AuthService(stack.keycloak());
        AuthService.User alice = realm.newUser();
        DeliveryService gateway = new DeliveryService(stack);
        MlsDevice bob = MlsDevice.register(realm, realm.userWithIdentity(), "phone");
        gateway.uploadKeyPackages(bob, 2);

        try (Browser browser = Browser.start(stack.work(), "direct")) {
            String browserDevice = browser.signInAsNewDevice(app, stack.keycloak().realmUri(), alice);

            Matcher opened = browser.openDirectConversation(bob.user.username());
            assertThat(opened.group(1)).isEqualTo(bob.user.username());
            assertThat(opened.group(3)).isEqualTo("1");
            assertThat(opened.group(4)).isEqualTo("1");
            String conversationId = opened.group(2);

            List<JsonNode> entries = gateway.entries(bob, conversationId, 0);
            assertThat(entries).as("bob reads the browser's Welcome, after its commit").hasSize(1);
            JsonNode welcome = entries.get(0);
            assertThat(welcome.get("kind").asText()).isEqualTo("welcome");
            assertThat(welcome.get("epoch").asLong()).isEqualTo(1);
            bob.join(DeliveryService.bytes(welcome.get("message")));
            assertThat(bob.epoch()).as("bcmls joined the browser's group from its Welcome").isEqualTo(1);

            JsonNode members = HttpCalls.json(gateway.get(bob, "conversations/" + conversationId + "/members"));
            assertThat(members.get("epoch").asLong()).isEqualTo(1);
            assertThat(members.get("devices")).hasSize(2);
            assertThat(members.get("devices").get(0).get("device_id").asText()).isEqualTo(browserDevice);
            assertThat(members.get("devices").get(0).get("leaf_index").asLong()).isZero();
            assertThat(members.get("devices").get(1).get("device_id").asText()).isEqualTo("phone");
            assertThat(bob.leaf()).isEqualTo(1);
            assertThat(browser.consoleErrorsAbout(app.toString())).isEmpty();
        }
    }
}
