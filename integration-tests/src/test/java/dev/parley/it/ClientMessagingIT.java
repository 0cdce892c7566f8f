package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messaging with the {@code parley} CLI end to end: every command its own JVM ({@link CliProcess}) with its own state
 * directory, real MLS (bcmls) in each, against the real Keycloak and gateway. Users sign in with the
 * {@code --dev-password} flag (the device grant itself is tested in {@link ClientCliIT}); each test makes fresh
 * realm users, so direct conversations (one per pair) never meet another test's.
 */
@ExtendWith(ParleyStack.class)
class ClientMessagingIT {

    private static ParleyStack.Running stack;
    private static Keycloak keycloak;

    @TempDir
    Path home;

    private record User(String name, String id, Path state) {
    }

    @BeforeAll
    static void connect(ParleyStack.Running running) {
        stack = running;
        keycloak = new Keycloak(running.keycloak());
    }

    @Test
    void aDirectConversationBothWaysThenAHundredMessagesWhileTheOtherIsOffline() throws IOException {
        User alice = signedIn();
        User bob = signedIn();

        String convId = json(ok(alice, "dm", bob.name(), "--json")).get("conversation_id").asText();
        ok(alice, "send", "@" + bob.name(), "hello", bob.name());
        assertThat(texts(bob, "@" + alice.name())).containsExactly("hello " + bob.name());
        ok(bob, "send", convId, "hi", alice.name());
        assertThat(texts(alice, "@" + bob.name())).containsExactly("hello " + bob.name(), "hi " + alice.name());

        String lines = IntStream.rangeClosed(1, 100).mapToObj(i -> "message " + i).collect(Collectors.joining("\n", "", "\n"));
        CliProcess.Result chat = CliProcess.runWithInput(alice.state(), lines, "chat", "@" + bob.name(), "--history", "0");
        assertThat(chat.exitCode()).as(chat.toString()).isZero();
        assertThat(chat.err()).doesNotContain("error:");

        List<String> expected = new ArrayList<>(List.of("hello " + bob.name(), "hi " + alice.name()));
        IntStream.rangeClosed(1, 100).forEach(i -> expected.add("message " + i));
        assertThat(texts(bob, "@" + alice.name())).containsExactlyElementsOf(expected);
        assertThat(texts(alice, "@" + bob.name())).containsExactlyElementsOf(expected);
        CliProcess.Result offline = CliProcess.run(bob.state(), "read", "@" + alice.name(), "--offline", "--json", "--limit", "500");
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(offline.out().lines().map(ClientMessagingIT::parse).filter(node -> "text".equals(node.get("kind").asText()))
                .map(node -> node.get("text").asText())).containsExactlyElementsOf(expected);
    }

    @Test
    void aRemovedMemberCannotReadWhatFollowsAndANewDeviceJoinsVerified() throws IOException {
        User alice = signedIn();
        User bob = signedIn();
        User carol = signedIn();
        String room = "design-" + alice.name();

        ok(alice, "room", "create", room, "--invite", bob.name(), "--invite", carol.name());
        ok(alice, "send", room, "before");
        assertThat(texts(bob, room)).containsExactly("before");
        assertThat(texts(carol, room)).containsExactly("before");

        assertThat(ok(alice, "room", "remove", room, carol.name()).out()).contains("Removed " + carol.name() + "/");
        ok(alice, "send", room, "after");
        assertThat(texts(bob, room)).containsExactly("before", "after");
        CliProcess.Result carolReads = CliProcess.run(carol.state(), "read", room, "--json");
        assertThat(carolReads.exitCode()).as(carolReads.toString()).isZero();
        assertThat(carolReads.out()).doesNotContain("\"after\"").contains("removed this device");
        CliProcess.Result carolSends = CliProcess.run(carol.state(), "send", room, "still here?");
        assertThat(carolSends.exitCode()).as(carolSends.toString()).isEqualTo(10);
        assertThat(carolSends.err()).contains("(not_in_group)").doesNotContain("\tat ");

        Path phone = secondDevice(bob, "phone");
        CliProcess.Result notYet = CliProcess.run(phone, "send", room, "too early");
        assertThat(notYet.exitCode()).as(notYet.toString()).isEqualTo(10);
        ok(bob.state(), "sync");
        ok(alice, "send", room, "welcome, phone");
        assertThat(texts(phone, room)).containsExactly("welcome, phone");
        JsonNode members = json(ok(phone, "room", "members", room, "--json"));
        assertThat(members).hasSize(3);
        members.forEach(member -> assertThat(member.get("verified").asBoolean()).as(member.toString()).isTrue());
        assertThat(members.findValuesAsText("device_id")).contains("phone");
        assertThat(texts(carol, room)).containsExactly("before");
    }

    @Test
    void chatShowsMessagesLiveAndSendsWhatIsTyped() throws Exception {
        User alice = signedIn();
        User bob = signedIn();
        ok(alice, "send", "@" + bob.name(), "are you there?");

        CliProcess chat = CliProcess.startInteractive(bob.state(), "chat", "@" + alice.name(), "--json");
        chat.awaitLine(line -> line.contains("are you there?"), Duration.ofSeconds(60));
        ok(alice, "send", "@" + bob.name(), "live now");
        JsonNode live = parse(chat.awaitLine(line -> line.contains("live now"), Duration.ofSeconds(30)));
        assertThat(live.get("sender").asText()).isEqualTo(alice.name());
        assertThat(live.get("own").asBoolean()).isFalse();
        chat.type("typed in the chat");
        chat.endInput();
        CliProcess.Result ended = chat.finish(Duration.ofSeconds(60));

        assertThat(ended.exitCode()).as(ended.toString()).isZero();
        assertThat(texts(alice, "@" + bob.name())).containsExactly("are you there?", "live now", "typed in the chat");
    }

    @Test
    void aMessageComposedWhileTheGatewayIsDownIsDeliveredExactlyOnce() throws IOException {
        User alice = signedIn();
        User bob = signedIn();
        ok(alice, "dm", bob.name());
        String gateway = stack.wildfly().gatewayUri().toString();
        ok(alice, "config", "set", "gateway.url", "http://127.0.0.1:" + Ports.anyFree() + "/parley/");

        CliProcess.Result queued = CliProcess.run(alice.state(), "send", "@" + bob.name(), "composed offline");
        assertThat(queued.exitCode()).as(queued.toString()).isEqualTo(11);
        assertThat(queued.out()).contains("Queued");
        CliProcess.Result history = CliProcess.run(alice.state(), "read", "@" + bob.name());
        assertThat(history.out()).contains("queued, not sent yet");

        ok(alice, "config", "set", "gateway.url", gateway);
        assertThat(ok(alice, "sync").out()).contains("1 sent");
        ok(alice, "sync");
        assertThat(texts(bob, "@" + alice.name())).containsExactly("composed offline");
        assertThat(texts(alice, "@" + bob.name())).containsExactly("composed offline");
    }

    @Test
    void aRevokedDeviceIsToldSoAndStops() {
        User alice = signedIn();
        User bob = signedIn();
        ok(alice, "send", "@" + bob.name(), "the first message opens the conversation");
        assertThat(texts(bob, "@" + alice.name())).containsExactly("the first message opens the conversation");
        String deviceId = json(ok(bob, "devices", "list", "--json")).get(0).get("device_id").asText();
        String credentialId = keycloak.credentialId(bob.id(), "parley-device", "\"" + deviceId + "\"");
        assertThat(keycloak.admin("DELETE", "users/" + bob.id() + "/credentials/" + credentialId, null)).isEqualTo(204);
        GatewayFeed.awaitCaughtUp(stack, Duration.ofSeconds(10));

        CliProcess.Result send = CliProcess.run(bob.state(), "send", "@" + alice.name(), "am I still here?");

        assertThat(send.exitCode()).as(send.toString()).isEqualTo(6);
        assertThat(send.err()).contains("device_revoked").doesNotContain("\tat ");
    }

    @Test
    void aRevokedDeviceIsTakenOutOfTheGroupByAnyMembersNextSync() throws IOException {
        User alice = signedIn();
        User bob = signedIn();
        ok(alice, "send", "@" + bob.name(), "hello");
        assertThat(texts(bob, "@" + alice.name())).containsExactly("hello");
        Path phone = secondDevice(bob, "phone");
        assertThat(ok(bob.state(), "sync").out()).contains("Added " + bob.name() + "/phone");
        assertThat(texts(phone, "@" + alice.name())).isEmpty();
        String credentialId = keycloak.credentialId(bob.id(), "parley-device", "\"phone\"");
        assertThat(keycloak.admin("DELETE", "users/" + bob.id() + "/credentials/" + credentialId, null)).isEqualTo(204);
        GatewayFeed.awaitCaughtUp(stack, Duration.ofSeconds(10));

        assertThat(ok(alice, "sync").out()).contains("Removed the revoked " + bob.name() + "/phone");

        JsonNode members = json(ok(alice, "room", "members", "@" + bob.name(), "--json"));
        assertThat(members).hasSize(2);
        assertThat(members.findValuesAsText("device_id")).doesNotContain("phone");
        assertThat(ok(alice, "sync").out()).doesNotContain("Removed");
        ok(alice, "send", "@" + bob.name(), "after the revocation");
        assertThat(texts(bob, "@" + alice.name())).containsExactly("hello", "after the revocation");
    }

    // --- helpers

    private User signedIn() {
        String name = "m" + UUID.randomUUID().toString().substring(0, 8);
        String id = keycloak.createUser(name);
        Path state = configured(home.resolve(name));
        CliProcess.Result login = CliProcess.runWithInput(state, name + "\n", "login", "--dev-password", "--username", name);
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return new User(name, id, state);
    }

    /** Another device of {@code user}: signed in, holding the user's identity key, registered as {@code deviceId}. */
    private Path secondDevice(User user, String deviceId) throws IOException {
        Path state = configured(home.resolve(user.name() + "-" + deviceId));
        CliProcess.Result login = CliProcess.runWithInput(state, user.name() + "\n", "login", "--dev-password", "--username",
                user.name());
        assertThat(login.exitCode()).as(login.toString()).isZero();
        Files.copy(user.state().resolve("keys.json"), state.resolve("keys.json"), StandardCopyOption.REPLACE_EXISTING);
        ok(state, "devices", "register", "--id", deviceId);
        return state;
    }

    private static Path configured(Path state) {
        ok(state, "config", "set", "gateway.url", stack.wildfly().gatewayUri().toString());
        ok(state, "config", "set", "realm.url", stack.keycloak().realmUri().toString());
        return state;
    }

    /** The texts of a conversation's messages (not events) as {@code user} reads them, in order. */
    private static List<String> texts(User user, String conv) {
        return texts(user.state(), conv);
    }

    private static List<String> texts(Path state, String conv) {
        CliProcess.Result read = ok(state, "read", conv, "--json", "--limit", "500");
        List<String> texts = new ArrayList<>();
        read.out().lines().map(ClientMessagingIT::parse).filter(node -> "text".equals(node.get("kind").asText()))
                .forEach(node -> texts.add(node.get("text").asText()));
        return texts;
    }

    private static CliProcess.Result ok(User user, String... args) {
        return ok(user.state(), args);
    }

    private static CliProcess.Result ok(Path state, String... args) {
        CliProcess.Result result = CliProcess.run(state, args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static JsonNode json(CliProcess.Result result) {
        return parse(result.out());
    }

    private static JsonNode parse(String text) {
        try {
            return HttpCalls.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
