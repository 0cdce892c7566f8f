package dev.parley.client.config;

import dev.parley.client.state.StateDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The user's settings, kept as {@code config.properties} in the state directory. Only settings that differ
 * from their default are stored; a missing file means all defaults.
 */
public final class ConfigStore {

    static final String FILE = "config.properties";

    private final StateDirectory state;

    public ConfigStore(StateDirectory state) {
        this.state = state;
    }

    /** Every setting with its effective value (the stored one, else the default). */
    public Map<ConfigKey, String> all() {
        Properties stored = load();
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, stored.getProperty(key.key(), key.defaultValue()));
        }
        return values;
    }

    public String get(ConfigKey key) {
        return all().get(key);
    }

    /** True if the setting has a stored value rather than its default. */
    public boolean isSet(ConfigKey key) {
        return load().containsKey(key.key());
    }

    /** Stores a value after {@link ConfigKey#normalize checking it}; returns the stored value. */
    public String set(ConfigKey key, String value) {
        String normalized = key.normalize(value);
        Properties stored = load();
        stored.setProperty(key.key(), normalized);
        save(stored);
        return normalized;
    }

    /** Goes back to the default value. */
    public void unset(ConfigKey key) {
        Properties stored = load();
        if (stored.remove(key.key()) != null) {
            save(stored);
        }
    }

    public ClientConfig clientConfig() {
        Map<ConfigKey, String> values = all();
        return new ClientConfig(URI.create(values.get(ConfigKey.GATEWAY_URL)), URI.create(values.get(ConfigKey.REALM_URL)),
                values.get(ConfigKey.CLIENT_ID));
    }

    private Properties load() {
        try {
            Properties properties = new Properties();
            byte[] content = state.read(FILE).orElse(new byte[0]);
            properties.load(new ByteArrayInputStream(content));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + state.file(FILE) + ": " + e.getMessage(), e);
        }
    }

    private void save(Properties properties) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            properties.store(out, "parley client settings; change them with 'parley config set KEY VALUE'");
            state.write(FILE, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + state.file(FILE) + ": " + e.getMessage(), e);
        }
    }
}
