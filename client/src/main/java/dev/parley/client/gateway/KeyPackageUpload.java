package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to an upload: the KeyPackageRefs of the one-time KeyPackages in upload order, and the new count. */
public record KeyPackageUpload(@JsonProperty("refs") List<String> refs,
                               @JsonProperty("one_time") long oneTime,
                               @JsonProperty("last_resort") boolean lastResort) {
}
