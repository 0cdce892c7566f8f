package dev.parley.gateway.domain.model.device;

/**
 * CDI event, fired by a door: the device proved itself and now has a live connection (replacing any earlier
 * one). Fired once per connection.
 */
public record DeviceConnected(DeviceAddress device) {
}
