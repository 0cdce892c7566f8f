package dev.parley.client.cli;

import dev.parley.client.auth.NotSignedInException;
import dev.parley.client.auth.OAuthException;
import dev.parley.client.config.ConfigException;
import dev.parley.client.device.DeviceRegistrationException;
import dev.parley.client.device.KeysLockedException;
import dev.parley.client.device.NoDeviceException;
import dev.parley.client.messaging.MessagingException;
import dev.parley.client.mls.MlsException;
import dev.parley.client.store.LocalStoreException;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.http.ServerUnreachableException;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns every failure of a command into one line on stderr ({@code error: <what> (<code>). <next step>})
 * and its {@link ExitCode}. Never prints a stack trace unless {@code PARLEY_DEBUG=1}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    /** A failure as the person sees it. */
    record Report(int exitCode, String line) {
    }

    private final Map<String, String> environment;

    ErrorReporter(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Report report = report(exception);
        commandLine.getErr().println(report.line());
        if ("1".equals(environment.get("PARLEY_DEBUG"))) {
            exception.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return report.exitCode();
    }

    static Report report(Throwable failure) {
        if (failure instanceof NotSignedInException e) {
            return new Report(ExitCode.NOT_SIGNED_IN,
                    "error: not signed in: " + e.getMessage() + " (not_signed_in). Run 'parley login'.");
        }
        if (failure instanceof ServerUnreachableException e) {
            return new Report(ExitCode.UNREACHABLE, "error: " + e.getMessage() + " (unreachable). Check that the server is "
                    + "running and that 'parley config list' points at it.");
        }
        if (failure instanceof NoDeviceException e) {
            return e.revoked()
                    ? new Report(ExitCode.DEVICE_REVOKED, "error: " + e.getMessage() + " (device_revoked). It cannot be used "
                            + "any more; run 'parley devices register' to register this directory as a new device.")
                    : new Report(ExitCode.NO_DEVICE, "error: " + e.getMessage() + " (no_device). Run 'parley devices register'.");
        }
        if (failure instanceof KeysLockedException e) {
            return new Report(ExitCode.NO_DEVICE, "error: " + e.getMessage() + " (keys_locked). Set PARLEY_PASSPHRASE, "
                    + "or run the command in a terminal to be asked for the passphrase.");
        }
        if (failure instanceof DeviceRegistrationException e) {
            return new Report(DeviceRegistrationException.IDENTITY_ELSEWHERE.equals(e.code()) ? ExitCode.NO_DEVICE : ExitCode.USAGE,
                    "error: " + e.getMessage() + " (" + e.code() + ").");
        }
        if (failure instanceof MessagingException e) {
            return new Report("identity_key_changed".equals(e.code()) ? ExitCode.IDENTITY_CHANGED : ExitCode.CONVERSATION,
                    "error: " + e.getMessage() + " (" + e.code() + ").");
        }
        if (failure instanceof MlsException e) {
            return new Report(ExitCode.ERROR, "error: " + sentence(e.getMessage()) + " (mls). The conversation's state on this "
                    + "device may be damaged; run 'parley sync' and report it if it stays.");
        }
        if (failure instanceof LocalStoreException e) {
            return new Report(ExitCode.ERROR, "error: " + e.getMessage() + " (local_store).");
        }
        if (failure instanceof GatewayException e && "device_revoked".equals(e.code())) {
            return new Report(ExitCode.DEVICE_REVOKED, "error: " + e.refusedBy() + " refused the request (device_revoked). "
                    + sentence(e.getMessage()) + " Run 'parley devices register' to register this directory as a new device.");
        }
        if (failure instanceof GatewayException e && "reauthentication_required".equals(e.code())) {
            // a token refresh keeps the old sign-in time, and 'parley login' alone may reuse the browser's session
            return new Report(ExitCode.REFUSED, "error: " + e.refusedBy() + " refused the request (reauthentication_required). "
                    + sentence(e.getMessage()) + " Run 'parley logout', then 'parley login' (enter your password again; if the browser does "
                    + "not ask for it, sign out there first), and repeat the command right away.");
        }
        if (failure instanceof GatewayException e) {
            return new Report(ExitCode.REFUSED, "error: " + e.refusedBy() + " refused the request (" + e.code() + "). "
                    + sentence(e.getMessage()) + (e.isAuthentication() ? " Run 'parley login' to sign in again." : ""));
        }
        if (failure instanceof OAuthException e) {
            return new Report(ExitCode.REFUSED, "error: the realm refused the sign-in (" + e.error() + "). "
                    + sentence(nextStep(e)));
        }
        if (failure instanceof ConfigException e) {
            return new Report(ExitCode.USAGE, "error: " + e.getMessage() + " Run 'parley config list' to see the settings.");
        }
        if (failure instanceof InterruptedException) {
            return new Report(ExitCode.ERROR, "error: interrupted (interrupted).");
        }
        String what = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return new Report(ExitCode.ERROR, "error: " + sentence(what) + " (internal). Run again with PARLEY_DEBUG=1 for details.");
    }

    private static String nextStep(OAuthException e) {
        return switch (e.error()) {
            case "access_denied" -> "The sign-in was denied in the browser; run 'parley login' to try again.";
            case "expired_token" -> "The code was not approved in time; run 'parley login' for a new one.";
            case "invalid_grant" -> e.getMessage() + "; check the user name and password, or run 'parley login' without --dev-password.";
            case "unauthorized_client", "invalid_client" -> e.getMessage()
                    + "; check 'parley config get client.id' and that the realm's client allows this grant.";
            default -> e.getMessage();
        };
    }

    private static String sentence(String text) {
        String trimmed = text.strip().replaceAll("\\s+", " ");
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }
}
