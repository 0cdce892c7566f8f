package dev.parley.keycloak.rest;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts Parley's self-service REST API at {@code /realms/{realm}/parley}. */
public class ParleyRealmResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "parley";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new ParleyRealmResourceProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
