package dev.parley.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.state.StateDirectory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @TempDir
    Path temp;

    @Test
    void withoutAFileEverySettingIsItsDevStackDefault() {
        ConfigStore store = new ConfigStore(new StateDirectory(temp.resolve("s")));

        assertThat(store.clientConfig()).isEqualTo(new ClientConfig(URI.create("http://localhost:8280/parley/"),
                URI.create("http://localhost:8180/realms/parley"), "parley-cli"));
        assertThat(store.isSet(ConfigKey.GATEWAY_URL)).isFalse();
        assertThat(Files.exists(temp.resolve("s"))).as("reading creates nothing").isFalse();
    }

    @Test
    void setGetUnset() throws Exception {
        StateDirectory state = new StateDirectory(temp.resolve("s"));
        ConfigStore store = new ConfigStore(state);

        assertThat(store.set(ConfigKey.of("gateway.url"), " https://chat.example.com/parley ")).isEqualTo("https://chat.example.com/parley");

        assertThat(new ConfigStore(state).get(ConfigKey.GATEWAY_URL)).isEqualTo("https://chat.example.com/parley");
        assertThat(store.clientConfig().gatewayUrl()).hasToString("https://chat.example.com/parley/");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.file(ConfigStore.FILE)))).isEqualTo("rw-------");
        store.unset(ConfigKey.GATEWAY_URL);
        assertThat(store.get(ConfigKey.GATEWAY_URL)).isEqualTo(ConfigKey.GATEWAY_URL.defaultValue());
    }

    @Test
    void theRealmUrlLosesItsTrailingSlashAndTheGatewayUrlGainsOne() {
        ClientConfig config = new ClientConfig(URI.create("http://gw/parley"), URI.create("http://kc/realms/acme/"), "c");

        assertThat(config.gatewayUrl()).hasToString("http://gw/parley/");
        assertThat(config.realmUrl()).hasToString("http://kc/realms/acme");
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedWithOneSentence() {
        ConfigStore store = new ConfigStore(new StateDirectory(temp.resolve("s")));

        assertThatThrownBy(() -> ConfigKey.of("gateway"))
                .isInstanceOf(ConfigException.class).hasMessage("Unknown setting 'gateway'; the settings are gateway.url, realm.url, client.id, realtime.transport.");
        assertThatThrownBy(() -> store.set(ConfigKey.REALM_URL, "localhost:8180")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> store.set(ConfigKey.GATEWAY_URL, "ftp://host/")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> store.set(ConfigKey.GATEWAY_URL, "http://a b/")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> store.set(ConfigKey.CLIENT_ID, "  ")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> store.set(ConfigKey.REALTIME_TRANSPORT, "carrier-pigeon")).isInstanceOf(ConfigException.class)
                .hasMessage("realtime.transport must be one of auto, websocket, sse; got 'carrier-pigeon'.");
        assertThat(Files.exists(temp.resolve("s"))).as("nothing stored").isFalse();
    }
}
