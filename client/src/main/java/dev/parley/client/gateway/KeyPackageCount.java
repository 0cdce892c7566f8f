package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The calling device's unclaimed one-time KeyPackages on the gateway and whether it has a last-resort one. */
public record KeyPackageCount(@JsonProperty("one_time") long oneTime, @JsonProperty("last_resort") boolean lastResort) {
}
