package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer of {@code GET /api/v1/blocks}: the users the caller blocked. */
public record Blocks(@JsonProperty("blocked") List<Contacts.Entry> blocked) {

    public Blocks {
        blocked = blocked == null ? List.of() : List.copyOf(blocked);
    }
}
