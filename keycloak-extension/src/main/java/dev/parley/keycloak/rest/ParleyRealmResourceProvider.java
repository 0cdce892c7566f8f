package dev.parley.keycloak.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** One per request: hands JAX-RS the {@link ParleyResource} for the request's realm. */
public class ParleyRealmResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    public ParleyRealmResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new ParleyResource(session);
    }

    @Override
    public void close() {
    }
}
