package dev.parley.client.cli;

import dev.parley.client.gateway.Me;
import dev.parley.client.http.JsonHttp;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley whoami}: who the gateway says the signed-in user is. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Show the signed-in user as the gateway sees them (this checks the whole sign-in chain).",
        footer = {"", "Examples:", "  parley whoami", "  parley whoami --json | jq -r .user_id"})
final class WhoamiCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Option(names = "--json", description = "Print the gateway's answer as JSON (user_id, username, gateway_id, ...).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Me me = ParleyCli.of(spec).client(state).gateway().me();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonHttp.JSON.writeValueAsString(me));
        } else {
            out.println(me.username() + " (user id " + me.userId() + ")");
            out.println("gateway " + me.gatewayId() + ", served by " + me.servedBy() + ", server " + me.serverVersion()
                    + ", protocol " + me.protocolVersion());
        }
        out.flush();
        return ExitCode.OK;
    }
}
