package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web client as the gateway serves it at {@code /parley/app/} (docs/client.md#web-client): the entry page is
 * never cached, the content-hashed assets are cached for a year, every response carries the strict
 * Content-Security-Policy whose {@code connect-src} is the gateway and the realm, and {@code config.json} names
 * the gateway's realm and the web app's client.
 */
@ExtendWith(ParleyStack.class)
class WebClientHeadersIT {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(assets/[A-Za-z0-9_-]+-[A-Z0-9]{8,}\\.(?:js|css))\"");

    @Test
    void theEntryPageIsNeverCachedAndCarriesTheStrictPolicy(ParleyStack.Running stack) {
        HttpResponse<String> page = HttpCalls.get(app(stack), null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(header(page, "Content-Type")).startsWith("text/html");
        assertThat(header(page, "Cache-Control")).isEqualTo("no-store");
        assertSecurityHeaders(page, stack);
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
        assertThat(assets(page.body())).hasSize(2);
    }

    @Test
    void theHashedAssetsAreImmutableForAYear(ParleyStack.Running stack) {
        for (String asset : assets(HttpCalls.get(app(stack), null).body())) {
            HttpResponse<String> response = HttpCalls.get(app(stack).resolve(asset), null);

            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(header(response, "Cache-Control")).as(asset).isEqualTo("public, max-age=31536000, immutable");
            assertThat(header(response, "Content-Type")).as(asset)
                    .startsWith(asset.endsWith(".js") ? "text/javascript" : "text/css");
            assertSecurityHeaders(response, stack);
        }
    }

    @Test
    void aMissingAssetIsNotCached(ParleyStack.Running stack) {
        HttpResponse<String> response = HttpCalls.get(app(stack).resolve("assets/main-NOSUCHHASH.js"), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theSettingsNameTheGatewaysRealmAndTheWebAppsClient(ParleyStack.Running stack) {
        HttpResponse<String> response = HttpCalls.get(app(stack).resolve("config.json"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
        JsonNode settings = HttpCalls.json(response);
        assertThat(settings.get("issuer").asText()).isEqualTo(stack.keycloak().realmUri().toString());
        assertThat(settings.get("client_id").asText()).isEqualTo(Keycloak.WEB_CLIENT);
    }

    private static void assertSecurityHeaders(HttpResponse<String> response, ParleyStack.Running stack) {
        List<String> policy = Arrays.stream(header(response, "Content-Security-Policy").split(";")).map(String::trim).toList();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self' http://localhost:" + stack.keycloak().httpPort(), "frame-ancestors 'none'",
                "base-uri 'none'", "form-action 'none'");
        assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(response, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(header(response, "X-Frame-Options")).isEqualTo("DENY");
    }

    private static List<String> assets(String indexHtml) {
        Matcher matcher = ASSET.matcher(indexHtml);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }

    static URI app(ParleyStack.Running stack) {
        return stack.wildfly().gatewayUri().resolve("app/");
    }
}
