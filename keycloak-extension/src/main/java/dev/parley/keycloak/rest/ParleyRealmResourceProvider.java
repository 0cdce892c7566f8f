package dev.parley.keycloak.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * One per request: hands JAX-RS the {@link ParleyResource} for the request's realm, or the {@link CorsPreflight} for
 * a CORS preflight (whatever path it names, so that every resource's preflight is answered alike).
 */
public class ParleyRealmResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    public ParleyRealmResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        if ("OPTIONS".equals(session.getContext().getHttpRequest().getHttpMethod())) {
            return new CorsPreflight();
        }
        return new ParleyResource(session);
    }

    @Override
    public void close() {
    }
}
