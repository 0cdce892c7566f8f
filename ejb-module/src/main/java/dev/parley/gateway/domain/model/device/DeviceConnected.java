package dev.parley.gateway.domain.model.device;

import java.time.Instant;

/**
 * CDI event, fired by a door: the device proved itself and now has a live connection (replacing any earlier
 * one), since {@code at}. Fired once per connection.
 */
public record DeviceConnected(DeviceAddress device, Instant at) {

    public DeviceConnected(DeviceAddress device) {
        this(device, Instant.now());
    }
}
