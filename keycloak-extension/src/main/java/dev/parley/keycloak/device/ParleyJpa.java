package dev.parley.keycloak.device;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The session's entity manager: Parley's tables share Keycloak's database and transaction. */
final class ParleyJpa {

    private ParleyJpa() {
    }

    static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
