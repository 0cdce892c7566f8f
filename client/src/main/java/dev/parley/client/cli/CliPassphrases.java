package dev.parley.client.cli;

import dev.parley.client.device.PassphraseSource;
import java.io.Console;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * The passphrase of encrypted keys: {@code PARLEY_PASSPHRASE} if set, else asked on the terminal (twice for a new
 * one). New keys are encrypted only when {@code PARLEY_PASSPHRASE} is set or {@code --encrypt} is given.
 */
final class CliPassphrases implements PassphraseSource {

    static final String ENV = "PARLEY_PASSPHRASE";

    private final Map<String, String> environment;
    private final Console console;

    CliPassphrases(Map<String, String> environment, Console console) {
        this.environment = environment;
        this.console = console;
    }

    @Override
    public char[] passphrase(boolean confirm) {
        String env = environment.get(ENV);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        if (confirm || console == null) {
            return null;
        }
        return console.readPassword("Passphrase of the keys in this state directory: ");
    }

    /** A new passphrase for {@code --encrypt}: the environment's, else asked twice on the terminal. */
    char[] newPassphrase(CommandLine commandLine) {
        String env = environment.get(ENV);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        if (console == null) {
            throw new CommandLine.ParameterException(commandLine,
                    "--encrypt needs a passphrase: set " + ENV + " or run the command in a terminal.");
        }
        char[] first = console.readPassword("New passphrase for the keys: ");
        char[] second = console.readPassword("Repeat the passphrase: ");
        if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
            throw new CommandLine.ParameterException(commandLine, "The passphrases are empty or do not match.");
        }
        return first;
    }
}
