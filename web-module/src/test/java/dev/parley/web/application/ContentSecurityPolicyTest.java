package dev.parley.web.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void allowsOnlyTheAppsOwnFilesAndConnectsOnlyToTheGatewayAndTheRealm() {
        List<String> directives = directives(ContentSecurityPolicy.of("http://localhost:8180/realms/parley", ""));

        assertThat(directives).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "img-src 'self'", "connect-src 'self' http://localhost:8180", "frame-ancestors 'none'",
                "base-uri 'none'", "form-action 'none'", "require-trusted-types-for 'script'");
        assertThat(String.join(";", directives)).doesNotContain("unsafe").doesNotContain("*");
    }

    @Test
    void theRealmsOriginDropsPathAndDefaultPort() {
        assertThat(ContentSecurityPolicy.realmOrigin("https://SSO.example.com:443/realms/parley/"))
                .isEqualTo("https://sso.example.com");
        assertThat(ContentSecurityPolicy.realmOrigin("http://sso.example.com:80/realms/parley")).isEqualTo("http://sso.example.com");
        assertThat(ContentSecurityPolicy.realmOrigin("https://sso.example.com:8443/auth/realms/parley"))
                .isEqualTo("https://sso.example.com:8443");
    }

    @Test
    void addsTheOperatorsSourcesOnceEach() {
        ContentSecurityPolicy policy = ContentSecurityPolicy.of("https://sso.example.com/realms/parley",
                "  wss://push.example.com https://sso.example.com\thttps://files.example.com ");

        assertThat(directives(policy)).contains(
                "connect-src 'self' https://sso.example.com wss://push.example.com https://files.example.com");
    }

    @Test
    void refusesAnIssuerThatIsNotAnHttpUrlAndSourcesThatWouldBreakThePolicy() {
        assertThatThrownBy(() -> ContentSecurityPolicy.of("realms/parley", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("realms/parley");
        assertThatThrownBy(() -> ContentSecurityPolicy.of("ftp://sso.example.com/realms/parley", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContentSecurityPolicy.of("https://sso.example.com", "https://a.example.com; script-src *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://a.example.com;");
        assertThatThrownBy(() -> ContentSecurityPolicy.of("https://sso.example.com", "'unsafe-inline'"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> directives(ContentSecurityPolicy policy) {
        return Arrays.stream(policy.value().split(";")).map(String::trim).toList();
    }
}
