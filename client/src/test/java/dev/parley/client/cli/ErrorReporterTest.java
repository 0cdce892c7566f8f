package dev.parley.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.auth.NotSignedInException;
import dev.parley.client.auth.OAuthException;
import dev.parley.client.config.ConfigException;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.http.ServerUnreachableException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {

    @Test
    void everyFailureIsOneLineWithACodeAndAnExitCode() {
        assertReport(new NotSignedInException("no session is stored"), ExitCode.NOT_SIGNED_IN, "(not_signed_in)");
        assertReport(new ServerUnreachableException(URI.create("http://gw:1/x"), new ConnectException()), ExitCode.UNREACHABLE,
                "error: cannot reach http://gw:1: connection refused (unreachable).");
        assertReport(new GatewayException("token_expired", 401, "The access token has expired."), ExitCode.REFUSED,
                "(token_expired). The access token has expired. Run 'parley login' to sign in again.");
        assertReport(new GatewayException("bad_request", 400, "No"), ExitCode.REFUSED, "(bad_request). No.");
        assertReport(new GatewayException("reauthentication_required", 401, "Sign in again"), ExitCode.REFUSED,
                "(reauthentication_required). Sign in again. Run 'parley logout', then 'parley login' (enter your password again");
        assertReport(new OAuthException("access_denied", "Consent denied"), ExitCode.REFUSED, "(access_denied). The sign-in was denied");
        assertReport(new OAuthException("expired_token", null), ExitCode.REFUSED, "run 'parley login' for a new one.");
        assertReport(new ConfigException("Unknown setting 'x'."), ExitCode.USAGE, "error: Unknown setting 'x'.");
        assertReport(new IllegalStateException("boom\nat line two"), ExitCode.ERROR, "(internal)");
    }

    private static void assertReport(Exception failure, int exitCode, String fragment) {
        ErrorReporter.Report report = ErrorReporter.report(failure);
        assertThat(report.exitCode()).isEqualTo(exitCode);
        assertThat(report.line()).startsWith("error: ").contains(fragment).doesNotContain("Exception").doesNotContain("\n");
    }
}
