package dev.parley.client.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.device.DeviceManager;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.http.ServerUnreachableException;
import dev.parley.client.mls.KeyPackagePool;
import java.io.PrintWriter;

/** Registers this directory as a device and fills its KeyPackage pool, printing what happened. */
final class DeviceSetup {

    private DeviceSetup() {
    }

    static DeviceManager.Registration register(ParleyClient client, DeviceManager.Request request, PrintWriter out,
            PrintWriter err) {
        DeviceManager.Registration registration = client.devices().register(request);
        if (registration.identityCreated()) {
            out.println("Created your identity key (fingerprint " + registration.device().identityFingerprint() + ").");
        }
        out.println("Registered this device as '" + registration.device().deviceId() + "' ("
                + registration.device().label() + ")." + (client.keys().encrypted() ? " Its keys are encrypted with your passphrase." : ""));
        refill(client, out, err);
        return registration;
    }

    /** {@link #refill} for a long-running command: the local store is closed again afterwards, free for other commands. */
    static void refillAndRelease(ParleyClient client, PrintWriter out, PrintWriter err) {
        try {
            refill(client, out, err);
        } catch (RuntimeException e) {
            err.println("warning: the KeyPackages could not be topped up: " + e.getMessage()
                    + ". Run 'parley keypackages refill' when this command has ended.");
        } finally {
            client.close();
            out.flush();
            err.flush();
        }
    }

    /** Tops up the KeyPackages; a failure is a warning (the device works, refill later). */
    static void refill(ParleyClient client, PrintWriter out, PrintWriter err) {
        try {
            KeyPackagePool.Refill refill = client.keyPackages().refill(client.activeDeviceKeys());
            if (refill.oneTimeUploaded() > 0 || refill.lastResortUploaded()) {
                out.println("Uploaded " + refill.oneTimeUploaded() + " KeyPackages" + (refill.lastResortUploaded()
                        ? " and a last-resort KeyPackage" : "") + "; the gateway holds " + refill.oneTime() + ".");
            }
        } catch (GatewayException | ServerUnreachableException e) {
            err.println("warning: the KeyPackages could not be uploaded: " + e.getMessage()
                    + ". Others cannot add this device to conversations until 'parley keypackages refill' succeeds.");
        }
    }
}
