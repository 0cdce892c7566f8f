package dev.parley.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.client.ParleyClient;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.messaging.ConversationManager;
import dev.parley.client.messaging.MemberStatus;
import dev.parley.client.store.LocalConversation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley room ...}: rooms and their members. */
@Command(name = "room", mixinStandardHelpOptions = true,
        description = {"Rooms: create one, invite and remove members, leave, list members.",
                "CONV is a conversation id, a room name, or @USER for a direct conversation. Owners and admins add and remove "
                        + "anyone; members add only their own devices."},
        synopsisSubcommandLabel = "(create | invite | remove | leave | members)",
        footer = {"", "Examples:", "  parley room create design --invite bob --invite carol", "  parley room invite design dave",
                "  parley room remove design carol", "  parley room members design", "  parley room leave design"})
final class RoomCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a room you own, optionally inviting users.",
            footer = {"", "Example:", "  parley room create design --invite bob --invite carol"})
    int create(@Mixin StateOption state, @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--invite", paramLabel = "USER", description = "A user to add (repeatable).") List<String> invite,
            @Option(names = "--json", description = "Print {\"conversation_id\", \"name\"}.") boolean json) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation room = manager.createRoom(name);
            List<String> added = invite == null || invite.isEmpty() ? List.of() : manager.invite(room.convId(), ids(client, invite));
            if (json) {
                out().println(JsonOutput.object("conversation_id", room.convId(), "name", name));
            } else {
                out().println("Created room '" + name + "': " + room.convId());
                added.forEach(device -> out().println("Added " + device));
            }
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = "Add users' devices (each checked against the directory) to a conversation.",
            footer = {"", "Example:", "  parley room invite design bob carol"})
    int invite(@Mixin StateOption state, @Parameters(index = "0", paramLabel = "CONV") String conv,
            @Parameters(index = "1..*", paramLabel = "USER") List<String> users) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation conversation = resolve(manager, conv);
            List<String> added = manager.invite(conversation.convId(), ids(client, users));
            if (added.isEmpty()) {
                out().println("Nothing to add: every device of " + String.join(", ", users) + " is in " + manager.display(conversation) + ".");
            }
            added.forEach(device -> out().println("Added " + device + " to " + manager.display(conversation)));
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a user's devices from a conversation: they cannot read anything sent afterwards.",
            footer = {"", "Example:", "  parley room remove design carol"})
    int remove(@Mixin StateOption state, @Parameters(index = "0", paramLabel = "CONV") String conv,
            @Parameters(index = "1", paramLabel = "USER") String user) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation conversation = resolve(manager, conv);
            List<String> removed = manager.remove(conversation.convId(), new Users(client.authenticationService()).id(user));
            removed.forEach(device -> out().println("Removed " + device + " from " + manager.display(conversation)));
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "leave", mixinStandardHelpOptions = true,
            description = {"Leave a room: the room's owners and admins remove your devices when their clients next sync; "
                    + "this device forgets the room's keys at once. Your history stays readable here."},
            footer = {"", "Example:", "  parley room leave design"})
    int leave(@Mixin StateOption state, @Parameters(paramLabel = "CONV") String conv) {
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation conversation = resolve(manager, conv);
            manager.leave(conversation.convId());
            out().println("Left " + manager.display(conversation) + ".");
        }
        out().flush();
        return ExitCode.OK;
    }

    @Command(name = "members", mixinStandardHelpOptions = true,
            description = {"The member devices of a conversation, each verified: the group's leaf key must be the device key "
                    + "certified by the user's identity key. Exit 9 if a member's identity key changed."},
            footer = {"", "Examples:", "  parley room members design", "  parley room members @bob --json"})
    int members(@Mixin StateOption state, @Parameters(paramLabel = "CONV") String conv,
            @Option(names = "--json", description = "Print a JSON array of member devices.") boolean json) {
        boolean changed;
        try (ParleyClient client = ParleyCli.of(spec).client(state)) {
            ConversationManager manager = client.conversations();
            LocalConversation conversation = resolve(manager, conv);
            List<MemberStatus> members = manager.members(conversation.convId());
            changed = members.stream().anyMatch(MemberStatus::identityChanged);
            if (json) {
                ArrayNode array = JsonHttp.JSON.createArrayNode();
                for (MemberStatus m : members) {
                    var node = array.addObject().put("user_id", m.userId()).put("username", m.username())
                            .put("device_id", m.deviceId()).put("leaf_index", m.leaf()).put("role", m.role())
                            .put("verified", m.verified()).put("identity_changed", m.identityChanged());
                    if (m.problem() != null) {
                        node.put("problem", m.problem());
                    }
                }
                out().println(array);
            } else {
                out().printf("%-20s  %-24s  %4s  %-7s  %s%n", "USER", "DEVICE", "LEAF", "ROLE", "VERIFIED");
                for (MemberStatus m : members) {
                    out().printf("%-20s  %-24s  %4d  %-7s  %s%n", m.username() != null ? m.username() : m.userId(), m.deviceId(),
                            m.leaf(), m.role() == null ? "" : m.role(), m.verified() ? "yes" : "NO: " + m.problem());
                }
                members.stream().filter(MemberStatus::identityChanged).map(MemberStatus::username).distinct().forEach(u ->
                        spec.commandLine().getErr().println("warning: " + u + "'s identity key changed since you first saw it; "
                                + "compare fingerprints with 'parley contacts verify " + u + "'."));
            }
        }
        out().flush();
        return changed ? ExitCode.IDENTITY_CHANGED : ExitCode.OK;
    }

    /**
     * Resolves CONV, syncing once if it is not known yet; {@code @USER} with no direct conversation yet opens one, so
     * {@code parley chat @bob} works from the first time.
     */
    static LocalConversation resolve(ConversationManager manager, String reference) {
        try {
            return manager.resolve(reference);
        } catch (dev.parley.client.messaging.MessagingException unknown) {
            manager.sync(null, false);
            try {
                return manager.resolve(reference);
            } catch (dev.parley.client.messaging.MessagingException stillUnknown) {
                if (!reference.startsWith("@") || !"conversation_unknown".equals(stillUnknown.code())) {
                    throw stillUnknown;
                }
                return manager.openDirect(manager.userId(reference.substring(1)));
            }
        }
    }

    private static List<String> ids(ParleyClient client, List<String> users) {
        Users directory = new Users(client.authenticationService());
        List<String> ids = new ArrayList<>();
        users.forEach(user -> ids.add(directory.id(user)));
        return ids;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
