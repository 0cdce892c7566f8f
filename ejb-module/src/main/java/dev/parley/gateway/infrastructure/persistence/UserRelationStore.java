package dev.parley.gateway.infrastructure.persistence;

import dev.parley.gateway.domain.model.contact.RelationKind;
import dev.parley.gateway.domain.model.contact.UserRelation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reads and writes {@link UserRelation}s. Callers provide the transaction. */
@ApplicationScoped
public class UserRelationStore {

    private static final int IN_CHUNK = 500;

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

    /** Which of {@code others} {@code from} has a relation of this kind to. */
    public Set<String> relatedTo(String from, RelationKind kind, Collection<String> others) {
        return inChunks(others, chunk -> entityManager.createQuery("select r.toUserId from UserRelation r"
                        + " where r.fromUserId = :from and r.kind = :kind and r.toUserId in :others", String.class)
                .setParameter("from", from)
                .setParameter("kind", kind)
                .setParameter("others", chunk)
                .getResultList());
    }

    /** Which of {@code others} have a relation of this kind to {@code to}. */
    public Set<String> relatedFrom(String to, RelationKind kind, Collection<String> others) {
        return inChunks(others, chunk -> entityManager.createQuery("select r.fromUserId from UserRelation r"
                        + " where r.toUserId = :to and r.kind = :kind and r.fromUserId in :others", String.class)
                .setParameter("to", to)
                .setParameter("kind", kind)
                .setParameter("others", chunk)
                .getResultList());
    }

    /** Runs an {@code in}-list query in chunks that every database accepts. */
    private static Set<String> inChunks(Collection<String> values, Function<List<String>, List<String>> query) {
        List<String> all = List.copyOf(new HashSet<>(values));
        Set<String> found = new HashSet<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            found.addAll(query.apply(all.subList(from, Math.min(all.size(), from + IN_CHUNK))));
        }
        return found;
    }
}
