package dev.parley.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code PATCH devices/{device_id}}: {@code {"label": "Work laptop"}}. */
public record RenameRequest(@JsonProperty("label") String label) {
}
