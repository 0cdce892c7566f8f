package dev.parley.keycloak.rest;

import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Answers every CORS preflight ({@code OPTIONS}) under {@code /realms/{realm}/parley}. */
public class CorsPreflight {

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return BrowserOrigins.preflight();
    }
}
