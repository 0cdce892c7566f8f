package dev.parley.web.infrastructure.config;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The web client's settings (MicroProfile Config, like the gateway's: system properties or environment
 * variables). The realm is the gateway's own ({@code parley.oidc.issuer}): the app signs in where the gateway
 * takes its tokens from.
 */
@ApplicationScoped
public class WebClientConfig {

    @Inject
    GatewayConfig gateway;

    @Inject
    @ConfigProperty(name = "parley.web.client-id", defaultValue = "parley-web")
    String clientId;

    @Inject
    @ConfigProperty(name = "parley.web.connect-src")
    Optional<String> extraConnectSources;

    /** The realm's issuer, without a trailing slash. */
    public String issuer() {
        return gateway.issuer();
    }

    /** The realm's public client of the web app. */
    public String clientId() {
        return clientId.trim();
    }

    /** Sources the page may connect to besides its own origin and the realm's, white-space separated. */
    public String extraConnectSources() {
        return extraConnectSources.map(String::trim).orElse("");
    }
}
