package dev.parley.client.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The answer of {@code GET /api/v1/contacts}: contacts, requests to the caller, and the caller's own requests. */
public record Contacts(@JsonProperty("contacts") List<Entry> contacts,
                       @JsonProperty("incoming") List<Entry> incoming,
                       @JsonProperty("outgoing") List<Entry> outgoing) {

    public Contacts {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        incoming = incoming == null ? List.of() : List.copyOf(incoming);
        outgoing = outgoing == null ? List.of() : List.copyOf(outgoing);
    }

    /** Another user, by Keycloak user id, and since when. */
    public record Entry(@JsonProperty("user_id") String userId, @JsonProperty("since") Instant since) {
    }
}
