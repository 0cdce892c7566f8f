package dev.parley.keycloak.events;

import dev.parley.keycloak.device.RevocationReconciler;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Turns admin changes to a user (credential deleted in the console or the admin REST API, user disabled or
 * deleted) into revocations. Keycloak does not call the credential provider for those, so this listener is
 * how they reach the feed. Enabled per realm ({@code eventsListeners} contains {@value RevocationEventListenerFactory#ID}).
 */
public class RevocationEventListener implements EventListenerProvider {

    private static final String USERS = "users/";

    private final KeycloakSession session;

    RevocationEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getError() != null) {
            return;
        }
        String userId = userIdOf(event.getResourcePath());
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (userId != null && realm != null) {
            new RevocationReconciler(session).reconcile(realm, userId);
        }
    }

    /** {@code users/{id}} and {@code users/{id}/credentials/{credentialId}} → {@code id}. */
    static String userIdOf(String resourcePath) {
        if (resourcePath == null || !resourcePath.startsWith(USERS)) {
            return null;
        }
        String rest = resourcePath.substring(USERS.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        return id.isEmpty() ? null : id;
    }

    @Override
    public void close() {
    }
}
