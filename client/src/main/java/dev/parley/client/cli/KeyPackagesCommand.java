package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.mls.KeyPackagePool;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley keypackages status|refill}: this device's KeyPackages on the gateway. */
@Command(name = "keypackages", mixinStandardHelpOptions = true,
        description = {"This device's KeyPackages: what others use to add it to conversations.",
                "The gateway should hold " + KeyPackagePool.TARGET + " one-time KeyPackages and one last-resort KeyPackage; "
                        + "registration and 'parley listen' keep it so."},
        synopsisSubcommandLabel = "(status | refill)",
        footer = {"", "Examples:", "  parley keypackages status", "  parley keypackages refill"})
final class KeyPackagesCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "status", mixinStandardHelpOptions = true, description = "How many KeyPackages the gateway holds for this device.",
            footer = {"", "Examples:", "  parley keypackages status", "  parley keypackages status --json | jq .one_time"})
    int status(@Mixin StateOption state, @Option(names = "--json", description = "Print a JSON object.") boolean json) throws Exception {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            String deviceId = client.devices().requireActive().deviceId();
            KeyPackagePool.Status status = client.keyPackages().status(deviceId);
            if (json) {
                out().println(JsonHttp.JSON.writeValueAsString(JsonHttp.JSON.createObjectNode()
                        .put("device_id", deviceId).put("one_time", status.oneTimeOnGateway())
                        .put("last_resort", status.lastResortOnGateway()).put("target", status.target())));
            } else {
                out().println("Device " + deviceId + ": " + status.oneTimeOnGateway() + " one-time KeyPackages on the gateway (target "
                        + status.target() + "), " + (status.lastResortOnGateway() ? "and a last-resort one." : "and NO last-resort one."));
                if (status.oneTimeOnGateway() < status.target() || !status.lastResortOnGateway()) {
                    out().println("Run 'parley keypackages refill' to top it up.");
                }
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "refill", mixinStandardHelpOptions = true,
            description = "Generate and upload KeyPackages until the gateway holds " + KeyPackagePool.TARGET + " and a last-resort one.",
            footer = {"", "Example:", "  parley keypackages refill"})
    int refill(@Mixin StateOption state) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            KeyPackagePool.Refill refill = client.keyPackages().refill(client.activeDeviceKeys());
            if (refill.oneTimeUploaded() == 0 && !refill.lastResortUploaded()) {
                out().println("Nothing to do: the gateway holds " + refill.oneTime() + " KeyPackages and a last-resort one.");
            } else {
                out().println("Uploaded " + refill.oneTimeUploaded() + " KeyPackages" + (refill.lastResortUploaded()
                        ? " and a last-resort KeyPackage" : "") + "; the gateway holds " + refill.oneTime() + ".");
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
