package dev.parley.keycloak.events;

import dev.parley.keycloak.device.DeviceRevoker;
import dev.parley.keycloak.device.RevocationReason;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;

/**
 * Registers {@link RevocationEventListener}, and revokes a deleted user's devices however the user was deleted
 * (admin API, console, user federation): Keycloak announces every removal as a {@link UserModel.UserRemovedEvent}.
 */
public class RevocationEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "parley-revocations";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new RevocationEventListener(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                new DeviceRevoker(removed.getKeycloakSession())
                        .revokeAll(removed.getRealm(), removed.getUser().getId(), null, RevocationReason.USER_DELETED);
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
