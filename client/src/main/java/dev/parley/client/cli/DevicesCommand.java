package dev.parley.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.device.AuthenticationServiceClient.Device;
import dev.parley.client.device.DeviceManager;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.store.DeviceRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley devices register|list|rename|revoke}: this user's devices at the realm. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"Register this state directory as a device, and list, rename or revoke your devices.",
                "Each device has its own key, certified by your identity key; revoking one cuts it off at once."},
        synopsisSubcommandLabel = "(register | list | rename | revoke)",
        footer = {"", "Examples:", "  parley devices list", "  parley devices register --name \"Work laptop\"",
                "  parley devices rename laptop-3f2a1c \"Old laptop\"", "  parley devices revoke laptop-3f2a1c"})
final class DevicesCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register this state directory as a new device of the signed-in user (login does this the first time).",
                    "Creates your identity key if you have none, and a new device key; uploads KeyPackages."},
            footer = {"", "Examples:", "  parley devices register --name \"Work laptop\"",
                    "  PARLEY_PASSPHRASE=... parley devices register --encrypt",
                    "  parley devices register --reset-identity   (revokes all your other devices)"})
    int register(@Mixin StateOption state,
            @Option(names = "--name", paramLabel = "LABEL", description = "A name for the device (default: the host name).") String name,
            @Option(names = "--id", paramLabel = "DEVICE_ID", description = "The device id, 1-64 of [A-Za-z0-9._-] (default: host name and a random suffix).") String deviceId,
            @Option(names = "--encrypt", description = "Encrypt the keys with a passphrase (PARLEY_PASSPHRASE, or asked twice).") boolean encrypt,
            @Option(names = "--reset-identity", description = "Replace your identity key: revokes ALL your devices; contacts are warned that your identity changed.") boolean resetIdentity) {
        if (deviceId != null && !DeviceManager.DEVICE_ID.matcher(deviceId).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--id must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        ParleyCli cli = ParleyCli.of(spec);
        char[] passphrase = encrypt ? cli.passphrases().newPassphrase(spec.commandLine()) : null;
        try (ParleyClient client = cli.client(state)) {
            DeviceSetup.register(client, new DeviceManager.Request(deviceId, name, resetIdentity, passphrase), out(), err());
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List your devices (revoked ones too); '*' marks this one."},
            footer = {"", "Examples:", "  parley devices list", "  parley devices list --json | jq -r '.[] | select(.this_device) | .device_id'"})
    int list(@Mixin StateOption state, @Option(names = "--json", description = "Print a JSON array.") boolean json) throws Exception {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            List<Device> devices = client.devices().list();
            String mine = client.devices().current().map(DeviceRecord::deviceId).orElse(null);
            if (json) {
                ArrayNode array = JsonHttp.JSON.createArrayNode();
                for (Device device : devices) {
                    ObjectNode node = JsonHttp.JSON.valueToTree(device);
                    node.put("this_device", device.deviceId().equals(mine));
                    array.add(node);
                }
                out().println(JsonHttp.JSON.writeValueAsString(array));
            } else if (devices.isEmpty()) {
                out().println("No devices. Run 'parley devices register'.");
            } else {
                out().printf("  %-28s %-24s %-10s %-21s %s%n", "DEVICE", "NAME", "PLATFORM", "REGISTERED", "STATUS");
                for (Device device : devices) {
                    out().printf("%s %-28s %-24s %-10s %-21s %s%n", device.deviceId().equals(mine) ? "*" : " ",
                            device.deviceId(), nullToDash(device.label()), nullToDash(device.platform()),
                            TIME.format(Instant.ofEpochMilli(device.createdAt())),
                            device.revoked() ? "revoked (" + device.revocationReason() + ")" : "active");
                }
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Give a device another name.",
            footer = {"", "Example:", "  parley devices rename laptop-3f2a1c \"Work laptop\""})
    int rename(@Mixin StateOption state, @Parameters(index = "0", paramLabel = "DEVICE_ID") String deviceId,
            @Parameters(index = "1", paramLabel = "NAME") String label) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            Device device = client.devices().rename(deviceId, label);
            out().println("Renamed " + device.deviceId() + " to '" + device.label() + "'.");
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a device: it is cut off at once and can never be used again (a lost or stolen device).",
                    "Revoking this device leaves this state directory without a device until 'parley devices register'."},
            footer = {"", "Example:", "  parley devices revoke phone-a41c09"})
    int revoke(@Mixin StateOption state, @Parameters(paramLabel = "DEVICE_ID") String deviceId) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            client.devices().revoke(deviceId);
            out().println("Revoked " + deviceId + ".");
        }
        out().flush();
        return ExitCode.OK;
    }

    private static String nullToDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
