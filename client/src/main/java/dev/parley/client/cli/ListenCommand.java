package dev.parley.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.store.DeviceRecord;
import dev.parley.client.ws.ConnectionListener;
import dev.parley.client.ws.Connected;
import dev.parley.client.ws.RealtimeConnection;
import dev.parley.client.ws.RefillOnLowWater;
import dev.parley.client.ws.Stopped;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley listen}: holds this device's realtime connection and prints what arrives, until Ctrl-C or until the
 * connection ends for good (revocation: exit 6; displaced: exit 8).
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Connect this device to the gateway and print events as they arrive; reconnects by itself.",
                "Ends when the device is revoked (exit 6), when another connection of this device takes over (exit 8), "
                        + "or with Ctrl-C. Tops up the KeyPackages when it connects, when the gateway says they run low "
                        + "(key_packages_low) and after every reconnect."},
        footer = {"", "Examples:", "  parley listen", "  parley listen --json | jq -c 'select(.type != \"connected\")'"})
final class ListenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Option(names = "--json", description = "Print one JSON object per line: every frame, plus connection events "
            + "({\"type\":\"connected\"|\"disconnected\"|\"stopped\", ...}).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ParleyClient client = ParleyCli.of(spec).client(state);
        DeviceRecord device = client.devices().requireActive();
        DeviceSetup.refill(client, json ? err : out, err);
        RealtimeConnection connection = client.realtime(new RefillOnLowWater(new Printer(out, err),
                () -> DeviceSetup.refillAndRelease(client, json ? err : out, err)));
        client.close(); // the store stays free for other commands while this one listens
        Runtime.getRuntime().addShutdownHook(new Thread(connection::close, "parley-listen-close"));
        Stopped stopped = connection.start().stopped().get();
        return ConnectionEnd.exitCode(stopped, client, device, err);
    }

    /** Prints the connection's events. */
    private final class Printer implements ConnectionListener {

        private final PrintWriter out;
        private final PrintWriter err;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void connected(Connected connected) {
            if (json) {
                print(JsonHttp.JSON.createObjectNode().put("type", "connected").put("gateway_id", connected.gatewayId())
                        .put("session_id", connected.sessionId()).put("device_id", connected.deviceId()));
            } else {
                out.println("Connected to " + connected.gatewayId() + " as device " + connected.deviceId() + " (session "
                        + connected.sessionId() + "). Waiting for events; Ctrl-C to stop.");
                out.flush();
            }
        }

        @Override
        public void frame(JsonNode frame) {
            if (json) {
                print(frame);
            } else {
                out.println(frame.path("type").asText("?") + ": " + frame);
                out.flush();
            }
        }

        @Override
        public void disconnected(int closeCode, String reason, Duration retryIn) {
            if (json) {
                print(JsonHttp.JSON.createObjectNode().put("type", "disconnected").put("close_code", closeCode)
                        .put("reason", reason).put("retry_in_ms", retryIn.toMillis()));
            } else {
                err.println("Disconnected: " + reason + "; reconnecting in " + Math.max(1, retryIn.toSeconds()) + " s.");
                err.flush();
            }
        }

        @Override
        public void stopped(Stopped stopped) {
            if (json) {
                print(JsonHttp.JSON.createObjectNode().put("type", "stopped").put("reason", stopped.reason().name().toLowerCase())
                        .put("close_code", stopped.closeCode()).put("error", stopped.error()).put("message", stopped.message()));
            }
        }

        private void print(JsonNode node) {
            try {
                out.println(JsonHttp.JSON.writeValueAsString(node));
            } catch (Exception e) {
                out.println(node);
            }
            out.flush();
        }
    }
}
