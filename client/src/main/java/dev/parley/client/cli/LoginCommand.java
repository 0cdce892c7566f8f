package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.auth.DeviceAuthorization;
import dev.parley.client.auth.OAuthException;
import dev.parley.client.auth.Tokens;
import dev.parley.client.device.DeviceManager;
import dev.parley.client.device.DeviceRegistrationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley login}: signs in with the device authorization grant, or the password grant behind a dev flag. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in to the realm (your organisation's single sign-on).",
                "Prints an address and a code: open the address in any browser, sign in there and approve; "
                        + "this command waits until you have."},
        footer = {"", "Examples:", "  parley login",
                "  echo \"$PASSWORD\" | parley login --dev-password --username alice",
                "  (the second form is for development realms only)"})
final class LoginCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateOption state;

    @Option(names = "--dev-password",
            description = "DEVELOPMENT ONLY: sign in with user name and password (OAuth password grant) instead of the browser. "
                    + "The password is read from the terminal, or from the first line of standard input.")
    boolean devPassword;

    @Option(names = "--username", paramLabel = "USER", description = "The user name for --dev-password.")
    String username;

    @Option(names = "--no-register", description = "Do not register this state directory as a device (see 'parley devices register').")
    boolean noRegister;

    @Override
    public Integer call() throws OAuthException, InterruptedException, IOException {
        ParleyCli cli = ParleyCli.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        ParleyClient client = cli.client(state);
        Tokens tokens;
        if (devPassword) {
            spec.commandLine().getErr().println("warning: --dev-password uses the OAuth password grant, for development realms only; "
                    + "real sign-in is 'parley login' without it.");
            String user = username != null ? username : prompt(cli, "User name: ");
            tokens = client.auth().loginWithPassword(user, password(cli));
        } else {
            if (username != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--username is only used with --dev-password.");
            }
            tokens = client.auth().loginWithDeviceGrant(authorization -> showPrompt(out, authorization));
        }
        out.println("Signed in as " + tokens.displayName() + ". Session stored in " + client.state() + ".");
        out.flush();
        if (!noRegister) {
            registerFirstTime(client, out, spec.commandLine().getErr());
        }
        client.close();
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The first sign-in of a state directory registers it as a device. Sign-in has succeeded whatever happens here:
     * a registration that cannot be done is a warning that says what to do.
     */
    private static void registerFirstTime(ParleyClient client, PrintWriter out, PrintWriter err) {
        try {
            var device = client.devices().current();
            if (device.isPresent() && !device.get().revoked()) {
                return;
            }
            DeviceSetup.register(client, new DeviceManager.Request(null, null, false, null), out, err);
        } catch (DeviceRegistrationException e) {
            err.println("warning: this directory was not registered as a device: " + e.getMessage() + ".");
        } catch (RuntimeException e) {
            err.println("warning: this directory was not registered as a device: " + ErrorReporter.report(e).line()
                    .replaceFirst("^error: ", "") + " Then run 'parley devices register'.");
        }
        err.flush();
    }

    private static void showPrompt(PrintWriter out, DeviceAuthorization authorization) {
        out.println("To sign in, open this address in a browser:");
        out.println("  " + authorization.verificationUri());
        out.println("and enter the code: " + authorization.userCode());
        if (authorization.verificationUriComplete() != null) {
            out.println("Or open this address, which already carries the code:");
            out.println("  " + authorization.verificationUriComplete());
        }
        out.println("Waiting for the sign-in to be approved (the code expires in "
                + authorization.expiresIn().toMinutes() + " minutes; Ctrl-C to cancel)...");
        out.flush();
    }

    private String prompt(ParleyCli cli, String label) throws IOException {
        if (cli.console() != null) {
            String line = cli.console().readLine(label);
            if (line != null) {
                return line.trim();
            }
        }
        String line = cli.stdin().readLine();
        if (line == null || line.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No user name given: pass --username USER.");
        }
        return line.trim();
    }

    private char[] password(ParleyCli cli) throws IOException {
        if (cli.console() != null) {
            char[] password = cli.console().readPassword("Password: ");
            if (password != null) {
                return password;
            }
        }
        String line = cli.stdin().readLine();
        if (line == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No password given on standard input.");
        }
        return line.toCharArray();
    }
}
