package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The web client in a real headless Chromium: alice signs in on the realm's own login page (authorization code
 * flow with PKCE; no password is typed into Parley's page), the app shows who she is as the gateway sees her
 * ({@code GET /api/v1/me} with the access token), and signing out ends the realm session: the next sign-in asks
 * for the password again. No console error (script error, refused load, CSP violation) along the way.
 */
@ExtendWith(ParleyStack.class)
class WebClientSignInIT {

    @Test
    void aliceSignsInOnTheRealmsPageSeesHerNameAndSigningOutEndsTheRealmSession(ParleyStack.Running stack) {
        URI app = WebClientHeadersIT.app(stack);
        new Keycloak(stack.keycloak()).allowWebClientAt(app);

        try (Browser browser = Browser.start(stack.work(), "alice")) {
            browser.signInToApp(app, stack.keycloak().realmUri(), "alice", "alice");

            browser.awaitText(By.id("signed-in-as"), "Alice Anders (alice)");
            browser.awaitText(By.id("me-username"), "alice");
            assertThat(browser.driver().getCurrentUrl()).as("the code and state are gone from the address")
                    .isEqualTo(app.toString());
            browser.screenshot("web-client-signed-in.png");
            assertThat(browser.consoleErrorsAbout(app.toString())).isEmpty();

            browser.click(By.id("sign-out"));
            browser.visible(By.id("sign-in"));
            assertThat(browser.driver().getCurrentUrl()).as("back at the app, the realm's state gone from the address")
                    .isEqualTo(app.toString());
            browser.click(By.id("sign-in"));
            browser.visible(By.id("password"));
            assertThat(browser.driver().getCurrentUrl()).as("the realm asks again: its session ended")
                    .startsWith(stack.keycloak().realmUri().toString());
        }
    }
}
