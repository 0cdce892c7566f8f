package dev.parley.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.device.DirectoryVerifier;
import dev.parley.client.gateway.Contacts;
import dev.parley.client.gateway.ContactState;
import dev.parley.client.gateway.GatewayClient;
import dev.parley.client.http.JsonHttp;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley contacts ...}: contacts, contact requests and blocks. USER is a user name or a user id. */
@Command(name = "contacts", mixinStandardHelpOptions = true,
        description = {"Your contacts, contact requests both ways, and the users you blocked.",
                "USER is a user name (e.g. bob) or a user id. Contacts are mutual: a request becomes a contact when accepted."},
        synopsisSubcommandLabel = "(list | request | accept | decline | cancel | remove | block | unblock | blocks | verify)",
        footer = {"", "Examples:", "  parley contacts request bob", "  parley contacts list", "  parley contacts accept alice",
                "  parley contacts block mallory", "  parley contacts list --json | jq -r '.incoming[].username'"})
final class ContactsCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Contacts, requests to you (incoming) and your requests (outgoing).",
            footer = {"", "Examples:", "  parley contacts list", "  parley contacts list --json"})
    int list(@Mixin StateOption state, @Option(names = "--json", description = "Print a JSON object: contacts, incoming, outgoing.") boolean json)
            throws Exception {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            Contacts contacts = client.gateway().contacts();
            Users users = new Users(client.authenticationService());
            if (json) {
                ObjectNode node = JsonHttp.JSON.createObjectNode();
                node.set("contacts", entries(contacts.contacts(), users));
                node.set("incoming", entries(contacts.incoming(), users));
                node.set("outgoing", entries(contacts.outgoing(), users));
                out().println(JsonHttp.JSON.writeValueAsString(node));
            } else {
                section("Contacts", contacts.contacts(), users, "No contacts yet: 'parley contacts request USER'.");
                section("Requests to you (accept with 'parley contacts accept USER')", contacts.incoming(), users, null);
                section("Your requests, waiting", contacts.outgoing(), users, null);
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "request", mixinStandardHelpOptions = true, description = "Ask a user to become your contact.",
            footer = {"", "Example:", "  parley contacts request bob"})
    int request(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user) {
        return stateChange(state, user, GatewayClient::requestContact);
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept a user's contact request.",
            footer = {"", "Example:", "  parley contacts accept alice"})
    int accept(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user) {
        return stateChange(state, user, GatewayClient::acceptContact);
    }

    @Command(name = "decline", mixinStandardHelpOptions = true, description = "Decline a user's contact request (they are not told).",
            footer = {"", "Example:", "  parley contacts decline mallory"})
    int decline(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user) {
        return action(state, user, (gateway, id) -> { gateway.declineContact(id); return "Declined the request of %s."; });
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Withdraw your own contact request.",
            footer = {"", "Example:", "  parley contacts cancel bob"})
    int cancel(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user) {
        return action(state, user, (gateway, id) -> { gateway.cancelContactRequest(id); return "Withdrew your request to %s."; });
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "End a contact (for both of you).",
            footer = {"", "Example:", "  parley contacts remove bob"})
    int remove(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user) {
        return action(state, user, (gateway, id) -> { gateway.removeContact(id); return "%s is no longer a contact."; });
    }

    @Command(name = "block", mixinStandardHelpOptions = true,
            description = {"Block a user: ends the contact and every pending request between you; their requests are refused.",
                    "They are not told."},
            footer = {"", "Example:", "  parley contacts block mallory"})
    int block(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user) {
        return action(state, user, (gateway, id) -> { gateway.block(id); return "Blocked %s."; });
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblock a user.",
            footer = {"", "Example:", "  parley contacts unblock mallory"})
    int unblock(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user) {
        return action(state, user, (gateway, id) -> { gateway.unblock(id); return "Unblocked %s."; });
    }

    @Command(name = "blocks", mixinStandardHelpOptions = true, description = "The users you blocked.",
            footer = {"", "Examples:", "  parley contacts blocks", "  parley contacts blocks --json"})
    int blocks(@Mixin StateOption state, @Option(names = "--json", description = "Print a JSON object: blocked.") boolean json)
            throws Exception {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            var blocked = client.gateway().blocks().blocked();
            Users users = new Users(client.authenticationService());
            if (json) {
                ObjectNode node = JsonHttp.JSON.createObjectNode();
                node.set("blocked", entries(blocked, users));
                out().println(JsonHttp.JSON.writeValueAsString(node));
            } else {
                section("Blocked", blocked, users, "You have blocked nobody.");
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check a user's devices against their identity key, and show the key's fingerprint to compare "
                    + "with them (in person or by phone).",
                    "The first key seen is remembered; if it changes later this command warns and exits 9 until you "
                    + "accept the new one with --accept-new-identity."},
            footer = {"", "Examples:", "  parley contacts verify bob", "  parley contacts verify bob --json",
                    "  parley contacts verify bob --accept-new-identity   (after comparing the new fingerprint with bob)"})
    int verify(@Mixin StateOption state, @Parameters(paramLabel = "USER") String user,
            @Option(names = "--accept-new-identity", description = "Trust the user's current identity key from now on.") boolean accept,
            @Option(names = "--json", description = "Print a JSON object.") boolean json) throws Exception {
        DirectoryVerifier.Verified verified;
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            String id = new Users(client.authenticationService()).id(user);
            verified = accept ? client.directory().acceptIdentity(id) : client.directory().verify(id);
        }
        if (json) {
            ObjectNode node = JsonHttp.JSON.createObjectNode().put("user_id", verified.userId()).put("username", verified.username())
                    .put("fingerprint", verified.fingerprint()).put("identity_changed", verified.identityChanged())
                    .put("previous_fingerprint", verified.previousFingerprint());
            ArrayNode devices = node.putArray("devices");
            verified.devices().forEach(d -> devices.addObject().put("device_id", d.deviceId()).put("created_at", d.createdAt().toString()));
            ArrayNode rejected = node.putArray("rejected_devices");
            verified.rejected().forEach(d -> rejected.addObject().put("device_id", d.deviceId()).put("reason", d.reason()));
            out().println(JsonHttp.JSON.writeValueAsString(node));
        } else {
            out().println(verified.username() + " (user id " + verified.userId() + ")");
            if (verified.fingerprint() == null) {
                out().println("No identity key yet: " + verified.username() + " has not registered a device.");
            } else {
                out().println("Identity key fingerprint: " + grouped(verified.fingerprint()));
                out().println("Devices certified by it: " + (verified.devices().isEmpty() ? "none"
                        : String.join(", ", verified.devices().stream().map(DirectoryVerifier.VerifiedDevice::deviceId).toList())));
                verified.rejected().forEach(d -> out().println("NOT TRUSTED: device " + d.deviceId() + ": " + d.reason() + "."));
            }
        }
        out().flush();
        if (verified.identityChanged()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("WARNING: " + verified.username() + "'s identity key CHANGED (identity_key_changed): it was "
                    + grouped(verified.previousFingerprint()) + ", it is now " + grouped(verified.fingerprint())
                    + ". Their devices may have been reset, or someone may be impersonating them. Compare the new "
                    + "fingerprint with " + verified.username() + " in person or by phone, then run 'parley contacts verify "
                    + user + " --accept-new-identity'.");
            err.flush();
            return ExitCode.IDENTITY_CHANGED;
        }
        return ExitCode.OK;
    }

    /** A fingerprint in groups of four hex digits, easier to read aloud. */
    static String grouped(String fingerprint) {
        return fingerprint.replaceAll("(.{4})(?!$)", "$1 ");
    }

    private int stateChange(StateOption state, String user, BiFunction<GatewayClient, String, ContactState> change) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            Users users = new Users(client.authenticationService());
            String id = users.id(user);
            ContactState result = change.apply(client.gateway(), id);
            out().println("contact".equals(result.state())
                    ? users.label(id) + " is now a contact."
                    : "Asked " + users.label(id) + " to become a contact; waiting for them to accept.");
        }
        out().flush();
        return ExitCode.OK;
    }

    private int action(StateOption state, String user, BiFunction<GatewayClient, String, String> action) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            Users users = new Users(client.authenticationService());
            String id = users.id(user);
            out().println(action.apply(client.gateway(), id).formatted(users.label(id)));
        }
        out().flush();
        return ExitCode.OK;
    }

    private void section(String title, List<Contacts.Entry> entries, Users users, String whenEmpty) {
        if (entries.isEmpty()) {
            if (whenEmpty != null) {
                out().println(whenEmpty);
            }
            return;
        }
        out().println(title + ":");
        for (Contacts.Entry entry : entries) {
            String name = users.name(entry.userId());
            out().printf("  %-20s %s  since %s%n", name == null ? "(unknown user)" : name, entry.userId(),
                    entry.since() == null ? "-" : TIME.format(entry.since()));
        }
    }

    private static ArrayNode entries(List<Contacts.Entry> entries, Users users) {
        ArrayNode array = JsonHttp.JSON.createArrayNode();
        for (Contacts.Entry entry : entries) {
            ObjectNode node = array.addObject().put("user_id", entry.userId());
            String name = users.name(entry.userId());
            if (name == null) {
                node.putNull("username");
            } else {
                node.put("username", name);
            }
            node.put("since", entry.since() == null ? null : entry.since().toString());
        }
        return array;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
