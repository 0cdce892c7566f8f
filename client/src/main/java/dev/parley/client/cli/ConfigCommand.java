package dev.parley.client.cli;

import dev.parley.client.config.ConfigKey;
import dev.parley.client.config.ConfigStore;
import dev.parley.client.http.JsonHttp;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley config get|set|unset|list}: the settings in the state directory. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Show or change where the client connects.",
                "Settings (defaults are those of bin/parley-dev):",
                "  gateway.url  the gateway's base address",
                "  realm.url    the Keycloak realm to sign in to",
                "  client.id    the realm's OAuth client id of the CLI"},
        synopsisSubcommandLabel = "(get | set | unset | list)",
        footer = {"", "Examples:", "  parley config list",
                "  parley config set gateway.url https://chat.example.com/parley/", "  parley config get realm.url"})
final class ConfigCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value of a setting.", footer = {"", "Example:", "  parley config get gateway.url"})
    int get(@Mixin StateOption state, @Parameters(paramLabel = "KEY", description = "gateway.url, realm.url or client.id") String key) {
        out().println(store(state).get(ConfigKey.of(key)));
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a setting (checked before it is stored).",
            footer = {"", "Example:", "  parley config set realm.url https://sso.example.com/realms/acme"})
    int set(@Mixin StateOption state,
            @Parameters(index = "0", paramLabel = "KEY", description = "gateway.url, realm.url or client.id") String key,
            @Parameters(index = "1", paramLabel = "VALUE") String value) {
        ConfigKey setting = ConfigKey.of(key);
        out().println(setting.key() + "=" + store(state).set(setting, value));
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Go back to a setting's default.", footer = {"", "Example:", "  parley config unset gateway.url"})
    int unset(@Mixin StateOption state, @Parameters(paramLabel = "KEY") String key) {
        ConfigKey setting = ConfigKey.of(key);
        store(state).unset(setting);
        out().println(setting.key() + "=" + setting.defaultValue());
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every setting; '(default)' marks those not changed.",
            footer = {"", "Examples:", "  parley config list", "  parley config list --json"})
    int list(@Mixin StateOption state, @Option(names = "--json", description = "Print a JSON object.") boolean json)
            throws Exception {
        ConfigStore store = store(state);
        Map<String, String> values = new LinkedHashMap<>();
        store.all().forEach((key, value) -> values.put(key.key(), value));
        if (json) {
            out().println(JsonHttp.JSON.writeValueAsString(values));
        } else {
            for (ConfigKey key : ConfigKey.values()) {
                out().println(key.key() + "=" + values.get(key.key()) + (store.isSet(key) ? "" : "  (default)"));
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    private ConfigStore store(StateOption state) {
        return ParleyCli.of(spec).client(state).config();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
