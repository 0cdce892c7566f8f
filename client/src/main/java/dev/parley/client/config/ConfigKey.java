package dev.parley.client.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The settings a user can change with {@code parley config set}. Defaults match {@code bin/parley-dev up};
 * every value is checked when it is set, so a stored configuration is always usable.
 */
public enum ConfigKey {

    GATEWAY_URL("gateway.url", "http://localhost:8280/parley/", "the gateway's base address"),
    REALM_URL("realm.url", "http://localhost:8180/realms/parley", "the Keycloak realm users sign in to"),
    CLIENT_ID("client.id", "parley-cli", "the realm's OAuth client id of the CLI"),
    REALTIME_TRANSPORT("realtime.transport", "auto",
            "the realtime door: auto (WebSocket, SSE when the upgrade is refused), websocket or sse");

    /** The values of {@code realtime.transport}. */
    public static final java.util.List<String> TRANSPORTS = java.util.List.of("auto", "websocket", "sse");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The key with this name; {@link ConfigException} names the known keys otherwise. */
    public static ConfigKey of(String key) {
        for (ConfigKey candidate : values()) {
            if (candidate.key.equals(key.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        throw new ConfigException("Unknown setting '" + key + "'; the settings are " + names() + ".");
    }

    /** The value as it will be stored: URLs must be absolute http(s) addresses, ids must not be blank. */
    public String normalize(String value) {
        String trimmed = value.trim();
        if (this == REALTIME_TRANSPORT) {
            String transport = trimmed.toLowerCase(Locale.ROOT);
            if (!TRANSPORTS.contains(transport)) {
                throw new ConfigException("realtime.transport must be one of " + String.join(", ", TRANSPORTS) + "; got '" + value + "'.");
            }
            return transport;
        }
        if (this == CLIENT_ID) {
            if (trimmed.isEmpty()) {
                throw new ConfigException("client.id must not be empty.");
            }
            return trimmed;
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " must be an http:// or https:// address; '" + value + "' is not an address.");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ConfigException(key + " must be an http:// or https:// address with a host; got '" + value + "'.");
        }
        return trimmed;
    }

    static String names() {
        return Arrays.stream(values()).map(ConfigKey::key).collect(Collectors.joining(", "));
    }
}
