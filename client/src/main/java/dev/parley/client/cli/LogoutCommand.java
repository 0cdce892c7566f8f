package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parley logout}: ends the session at the realm and forgets its tokens here. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Sign out: the realm revokes the session, and its tokens are deleted from the state directory.",
                "Succeeds also when not signed in."},
        footer = {"", "Example:", "  parley logout"})
final class LogoutCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Override
    public Integer call() {
        ParleyClient client = ParleyCli.of(spec).client(state);
        PrintWriter out = spec.commandLine().getOut();
        switch (client.auth().logout()) {
            case REVOKED -> out.println("Signed out.");
            case LOCAL_ONLY -> out.println("Signed out on this machine. The realm could not be reached to end the session "
                    + "there; it ends when it expires.");
            case NOT_SIGNED_IN -> out.println("Not signed in.");
        }
        out.flush();
        return ExitCode.OK;
    }
}
