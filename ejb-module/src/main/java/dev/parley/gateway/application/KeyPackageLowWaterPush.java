package dev.parley.gateway.application;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.domain.model.keypackage.KeyPackagesLow;
import dev.parley.gateway.domain.model.keypackage.KeyPackagesLowPush;
import dev.parley.gateway.domain.model.push.DevicePush;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Tells a device that runs low on one-time KeyPackages: once the claim that left it below the low-water mark committed,
 * {@link KeyPackagesLowPush} goes to the device's live connection (WebSocket or SSE). Only that device can upload its
 * KeyPackages, so its other devices are not told. A device offline at that moment misses the push and tops up when
 * it connects (the reference client does).
 */
@ApplicationScoped
public class KeyPackageLowWaterPush {

    @Inject
    Event<DevicePush> pushes;

    void onLow(@Observes(during = TransactionPhase.AFTER_SUCCESS) KeyPackagesLow low) {
        pushes.fire(new DevicePush(new DeviceAddress(low.userId(), low.deviceId()), KeyPackagesLowPush.of(low)));
    }
}
