package dev.parley.client.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --state-dir} option, shared by every command that touches the user's state. */
final class StateOption {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State directory (default: $PARLEY_HOME, else ~/.parley).")
    Path stateDir;
}
