package dev.parley.gateway.infrastructure.persistence;

import dev.parley.gateway.domain.model.GatewayIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Reads and records which gateway owns this database. Callers provide the transaction. */
@ApplicationScoped
public class GatewayIdentityStore {

    @PersistenceContext(unitName = "parley")
    EntityManager entityManager;

    /** Every gateway id recorded in this database: none on a new database, one ever after. */
    public List<GatewayIdentity> findAll() {
        return entityManager.createQuery("select g from GatewayIdentity g", GatewayIdentity.class).getResultList();
    }

    public void insert(GatewayIdentity identity) {
        entityManager.persist(identity);
    }
}
