package dev.parley.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.gateway.OwnPresence;
import dev.parley.client.gateway.PresenceEntry;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.presence.PresencePreference;
import dev.parley.client.store.DeviceRecord;
import dev.parley.client.ws.Connected;
import dev.parley.client.ws.ConnectionListener;
import dev.parley.client.ws.FrameException;
import dev.parley.client.ws.RealtimeConnection;
import dev.parley.client.ws.RefillOnLowWater;
import dev.parley.client.ws.Stopped;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley presence ...}: this user's presence, and other users' as this user may see it. */
@Command(name = "presence", mixinStandardHelpOptions = true,
        description = {"Your presence (online, away, busy; invisible) and what you may see of other users' presence.",
                "USER is a user name (e.g. bob) or a user id. You see a user's presence only if they are your contact "
                        + "(or the gateway shows presence to the whole realm) and no block stands between you; anyone "
                        + "else appears offline.",
                "Others see a status and a coarse 'last seen' (now, hour, today, week, older), never a time."},
        synopsisSubcommandLabel = "(set | show | watch)",
        footer = {"", "Examples:", "  parley presence set away", "  parley presence set busy --invisible",
                "  parley presence show bob carol", "  parley presence watch bob carol",
                "  parley presence watch bob --json | jq -r '.status'"})
final class PresenceCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --invisible} or {@code --visible}, at most one. */
    static final class Visibility {
        @Option(names = "--invisible", required = true, description = "Appear offline to everyone (you still receive everything).")
        boolean invisible;

        @Option(names = "--visible", required = true, description = "Be seen again.")
        boolean visible;

        Boolean value() {
            return invisible ? Boolean.TRUE : visible ? Boolean.FALSE : null;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Choose your status (online, away or busy) and whether you are invisible.",
                    "The choice is remembered in this state directory and applied each time this device connects "
                            + "('parley listen', 'parley presence watch'): every new connection starts online, and "
                            + "this device then sets what you chose.",
                    "It also takes effect at once over REST: while a connection of this device is live it keeps the "
                            + "status; without one the gateway shows it only for the lease it reports (60 s by "
                            + "default), then this device is offline. Invisible is for your whole account and lasts "
                            + "while the gateway runs; your status is the best of your devices' (online > busy > away)."},
            footer = {"", "Examples:", "  parley presence set away", "  parley presence set busy --invisible",
                    "  parley presence set online --visible", "  parley presence set --visible"})
    int set(@Mixin StateOption state,
            @Parameters(paramLabel = "STATUS", arity = "0..1", description = "online, away or busy") String status,
            @ArgGroup(exclusive = true, multiplicity = "0..1") Visibility visibility,
            @Option(names = "--json", description = "Print the gateway's answer as JSON: status, invisible, devices, lease_seconds.") boolean json)
            throws Exception {
        Boolean invisible = visibility == null ? null : visibility.value();
        if (status == null && invisible == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Name a status (online, away or busy), --invisible or --visible; see 'parley presence set --help'.");
        }
        PresencePreference change;
        try {
            change = new PresencePreference(status, invisible);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid STATUS: " + e.getMessage() + ".");
        }
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            DeviceRecord device = client.devices().requireActive();
            OwnPresence own = client.presence().set(device.deviceId(), change.status(), change.invisible());
            PresencePreference.load(client.state()).with(change).save(client.state());
            if (json) {
                out().println(JsonHttp.JSON.writeValueAsString(own));
            } else {
                String mine = own.devices() == null ? null : own.devices().get(device.deviceId());
                out().println("This device is " + (mine != null ? mine : change.status()) + "; you appear "
                        + (own.invisible() ? "offline to everyone (invisible)" : own.status()) + " to those who may see you.");
                out().println("Remembered: this device applies it each time it connects. Without a live connection "
                        + "('parley listen') the gateway shows it for " + (own.leaseSeconds() == null ? "a short lease" : own.leaseSeconds() + " s")
                        + " only.");
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show users' presence once, as you may see it; without USER, your own (each device's status "
                    + "and whether you are invisible)."},
            footer = {"", "Examples:", "  parley presence show", "  parley presence show bob carol",
                    "  parley presence show bob --json"})
    int show(@Mixin StateOption state, @Parameters(paramLabel = "USER", arity = "0..*") List<String> names,
            @Option(names = "--json", description = "Print JSON: one object per user, one per line (your own: one object).") boolean json)
            throws Exception {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            if (names == null || names.isEmpty()) {
                OwnPresence own = client.presence().own();
                if (json) {
                    out().println(JsonHttp.JSON.writeValueAsString(own));
                } else {
                    out().println("You appear " + (own.invisible() ? "offline to everyone (invisible; you would be "
                            + own.status() + ")" : own.status()) + ".");
                    new TreeMap<>(own.devices() == null ? Map.<String, String>of() : own.devices())
                            .forEach((deviceId, status) -> out().println("  " + deviceId + "  " + status));
                }
            } else {
                Users users = new Users(client.authenticationService());
                List<String> ids = new ArrayList<>();
                for (String name : names) {
                    ids.add(users.id(name));
                }
                for (PresenceEntry entry : client.presence().query(ids)) {
                    print(entry.userId(), entry.status(), entry.lastSeen(), users, json);
                }
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = {"Show users' presence, then every change as it happens, until Ctrl-C.",
                    "Watching holds this device's realtime connection: it takes over from a 'parley listen' of the same "
                            + "state directory (and the other way round). It also applies your 'parley presence set' "
                            + "choice and tops up the KeyPackages like 'parley listen', and ends like it: revoked "
                            + "(exit 6), displaced (exit 8); a refused watch (e.g. watchlist_full) exits 5."},
            footer = {"", "Examples:", "  parley presence watch bob carol",
                    "  parley presence watch bob --json | jq -c 'select(.status == \"online\")'"})
    int watch(@Mixin StateOption state, @Parameters(paramLabel = "USER", arity = "1..*") List<String> names,
            @Option(names = "--json", description = "Print one JSON object per line: {\"user_id\", \"username\", \"status\", \"last_seen\"}.")
            boolean json) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ParleyClient client = ParleyCli.of(spec).client(state);
        DeviceRecord device = client.devices().requireActive();
        Users users = new Users(client.authenticationService());
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(users.id(name));
            users.name(ids.get(ids.size() - 1));
        }
        AtomicReference<RealtimeConnection> connection = new AtomicReference<>();
        AtomicReference<FrameException> refused = new AtomicReference<>();
        ConnectionListener watcher = new ConnectionListener() {
            @Override
            public void connected(Connected connected) {
                ObjectNode watch = JsonHttp.JSON.createObjectNode().put("type", "watch");
                ids.forEach(watch.putArray("user_ids")::add);
                connection.get().request(watch).whenComplete((answer, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        if (cause instanceof FrameException frame && !"not_connected".equals(frame.code())) {
                            refused.set(frame);
                            connection.get().close();
                        }
                        return; // not_connected: the connection dropped; the next connect watches again
                    }
                    for (JsonNode entry : answer.path("presence")) {
                        print(entry.path("user_id").asText(), entry.path("status").asText(), entry.path("last_seen").asText(null), users, json);
                    }
                    out().flush();
                });
            }

            @Override
            public void frame(JsonNode frame) {
                if ("presence".equals(frame.path("type").asText())) {
                    print(frame.path("user_id").asText(), frame.path("status").asText(), frame.path("last_seen").asText(null), users, json);
                    out().flush();
                }
            }

            @Override
            public void disconnected(int closeCode, String reason, Duration retryIn) {
                err.println("Disconnected: " + reason + "; reconnecting in " + Math.max(1, retryIn.toSeconds()) + " s.");
                err.flush();
            }
        };
        RealtimeConnection started = client.realtime(new RefillOnLowWater(watcher,
                () -> DeviceSetup.refillAndRelease(client, err, err)));
        connection.set(started);
        client.close();
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "parley-watch-close"));
        Stopped stopped = started.start().stopped().get();
        FrameException refusal = refused.get();
        if (refusal != null && "unsupported_over_sse".equals(refusal.code())) {
            err.println("error: watching presence needs the WebSocket, and this connection uses Server-Sent Events "
                    + "(unsupported_over_sse). Run 'parley presence show USER...' instead, or 'parley config set "
                    + "realtime.transport auto' if the WebSocket is reachable.");
            err.flush();
            return ExitCode.REFUSED;
        }
        if (refusal != null) {
            err.println("error: the gateway refused to watch (" + refusal.code() + "). " + sentence(refusal.getMessage())
                    + ("watchlist_full".equals(refusal.code()) ? " Watch fewer users at once." : ""));
            err.flush();
            return ExitCode.REFUSED;
        }
        return ConnectionEnd.exitCode(stopped, client, device, err);
    }

    private void print(String userId, String status, String lastSeen, Users users, boolean json) {
        String name = users.name(userId);
        if (json) {
            ObjectNode node = JsonHttp.JSON.createObjectNode().put("user_id", userId).put("username", name).put("status", status);
            if (lastSeen != null) {
                node.put("last_seen", lastSeen);
            }
            out().println(node.toString());
        } else {
            boolean absent = "offline".equals(status) && lastSeen != null;
            out().println((name != null ? name : userId) + "  " + status + (absent ? "  (last seen " + lastSeenText(lastSeen) + ")" : ""));
        }
    }

    static String lastSeenText(String bucket) {
        return switch (bucket) {
            case "now" -> "just now";
            case "hour" -> "within the last hour";
            case "today" -> "today";
            case "week" -> "this week";
            default -> "more than a week ago";
        };
    }

    private static String sentence(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.isEmpty() || trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
