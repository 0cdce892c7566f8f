package dev.parley.gateway.infrastructure.persistence;

import dev.parley.gateway.domain.model.contact.RelationKind;
import dev.parley.gateway.domain.model.contact.UserRelation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/** Reads and writes {@link UserRelation}s. Callers provide the transaction. */
@ApplicationScoped
public class UserRelationStore {

    @PersistenceContext(unitName = "parley")
    EntityManager entityManager;

    public boolean exists(String from, String to, RelationKind kind) {
        return entityManager.find(UserRelation.class, new UserRelation.Key(from, to, kind)) != null;
    }

    /** Records the relation unless it is already there; returns whether it was added. */
    public boolean add(String from, String to, RelationKind kind, Instant at) {
        if (exists(from, to, kind)) {
            return false;
        }
        entityManager.persist(new UserRelation(from, to, kind, at));
        return true;
    }

    /** Removes the relation; returns whether there was one. */
    public boolean remove(String from, String to, RelationKind kind) {
        return entityManager.createQuery("delete from UserRelation r"
                        + " where r.fromUserId = :from and r.toUserId = :to and r.kind = :kind")
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("kind", kind)
                .executeUpdate() > 0;
    }

    /** The relations of this kind that start at {@code from}, oldest first. */
    public List<UserRelation> from(String from, RelationKind kind) {
        return entityManager.createQuery("select r from UserRelation r where r.fromUserId = :from and r.kind = :kind"
                        + " order by r.createdAt, r.toUserId", UserRelation.class)
                .setParameter("from", from)
                .setParameter("kind", kind)
                .getResultList();
    }

    /** The relations of this kind that end at {@code to}, oldest first. */
    public List<UserRelation> to(String to, RelationKind kind) {
        return entityManager.createQuery("select r from UserRelation r where r.toUserId = :to and r.kind = :kind"
                        + " order by r.createdAt, r.fromUserId", UserRelation.class)
                .setParameter("to", to)
                .setParameter("kind", kind)
                .getResultList();
    }
}
