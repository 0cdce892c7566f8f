package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.device.Revocations;
import dev.parley.client.store.DeviceRecord;
import dev.parley.client.ws.Stopped;
import java.io.PrintWriter;
import java.time.Instant;

/** How a command that holds the device's realtime connection ends when the connection stops: one line and the exit code. */
final class ConnectionEnd {

    private ConnectionEnd() {
    }

    /** Reports why the connection stopped (nothing for a normal close) and returns the {@link ExitCode}. */
    static int exitCode(Stopped stopped, ParleyClient client, DeviceRecord device, PrintWriter err) {
        int code = switch (stopped.reason()) {
            case CLOSED -> ExitCode.OK;
            case DEVICE_REVOKED -> {
                String reason = client.devices().markRevoked(Instant.now());
                client.close();
                err.println("error: this device (" + device.deviceId() + ") was revoked" + Revocations.how(reason)
                        + " (device_revoked). It was disconnected and cannot connect again; run 'parley devices register' "
                        + "to register this directory as a new device.");
                yield ExitCode.DEVICE_REVOKED;
            }
            case DISPLACED -> {
                err.println("error: another connection of this device (" + device.deviceId() + ") took over (displaced). "
                        + "Only one 'parley listen', 'parley chat' or 'parley presence watch' per device can be connected; stop the other one first.");
                yield ExitCode.DISPLACED;
            }
            case NOT_SIGNED_IN -> {
                err.println("error: not signed in: " + stopped.message() + " (not_signed_in). Run 'parley login'.");
                yield ExitCode.NOT_SIGNED_IN;
            }
            default -> {
                err.println("error: the gateway ended the connection (" + stopped.error() + ", close " + stopped.closeCode()
                        + "): " + stopped.message() + ".");
                yield ExitCode.REFUSED;
            }
        };
        err.flush();
        return code;
    }
}
