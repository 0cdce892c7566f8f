package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.state.StateDirectory;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code parley}: the command line of the reference client. Each command is a small class; this one wires
 * them, owns the process environment (so tests can pass their own) and maps failures to exit codes.
 */
@Command(name = "parley",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "End-to-end encrypted messaging on Parley.",
        subcommands = {LoginCommand.class, LogoutCommand.class, WhoamiCommand.class, DevicesCommand.class,
                ContactsCommand.class, KeyPackagesCommand.class, ConversationsCommand.class, DmCommand.class,
                RoomCommand.class, SendCommand.class, ReadCommand.class, ChatCommand.class, SyncCommand.class,
                ListenCommand.class, PresenceCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  parley login", "  parley whoami --json", "  parley devices list",
                "  parley contacts request bob", "  parley presence watch bob", "  parley listen", "  parley config set gateway.url https://chat.example.com/parley/",
                "", ExitCode.HELP_TABLE, "", "See docs/client.md for the state directory and how sign-in works."})
public final class ParleyCli implements Runnable {

    private final Map<String, String> environment;
    private final BufferedReader stdin;
    private final Console console;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public ParleyCli(Map<String, String> environment, BufferedReader stdin, Console console) {
        this.environment = environment;
        this.stdin = stdin;
        this.console = console;
    }

    public static void main(String[] args) {
        ParleyCli cli = new ParleyCli(System.getenv(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.console());
        System.exit(cli.commandLine().execute(args));
    }

    /** The configured command line; {@code setOut}/{@code setErr} on it redirect the output. */
    public CommandLine commandLine() {
        return new CommandLine(this)
                .setExecutionExceptionHandler(new ErrorReporter(environment))
                .setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }

    /** Without a command: the help. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The client of the state directory chosen by {@code --state-dir}, {@code $PARLEY_HOME} or the default. */
    ParleyClient client(StateOption option) {
        return ParleyClient.open(StateDirectory.locate(option.stateDir, environment), passphrases());
    }

    /** Passphrases of encrypted keys: {@code PARLEY_PASSPHRASE}, else asked on the terminal. */
    CliPassphrases passphrases() {
        return new CliPassphrases(environment, console);
    }

    Map<String, String> environment() {
        return environment;
    }

    BufferedReader stdin() {
        return stdin;
    }

    Console console() {
        return console;
    }

    /** The root command of the command line a subcommand runs in. */
    static ParleyCli of(CommandLine.Model.CommandSpec spec) {
        return (ParleyCli) spec.root().userObject();
    }
}
