package dev.parley.client.config;

import java.net.URI;

/**
 * Where the client connects: the gateway, the realm it signs in to, and its OAuth client id.
 *
 * @param gatewayUrl the gateway's base address, always ending in {@code /} so API paths resolve under it
 * @param realmUrl   the realm's address, never ending in {@code /}
 */
public record ClientConfig(URI gatewayUrl, URI realmUrl, String clientId) {

    public ClientConfig {
        gatewayUrl = gatewayUrl.toString().endsWith("/") ? gatewayUrl : URI.create(gatewayUrl + "/");
        realmUrl = realmUrl.toString().endsWith("/") ? URI.create(realmUrl.toString().replaceAll("/+$", "")) : realmUrl;
    }

    /** The configuration of the dev stack ({@code bin/parley-dev up}). */
    public static ClientConfig defaults() {
        return new ClientConfig(URI.create(ConfigKey.GATEWAY_URL.defaultValue()),
                URI.create(ConfigKey.REALM_URL.defaultValue()), ConfigKey.CLIENT_ID.defaultValue());
    }
}
