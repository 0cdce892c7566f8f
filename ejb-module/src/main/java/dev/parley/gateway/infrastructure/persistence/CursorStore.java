package dev.parley.gateway.infrastructure.persistence;

import dev.parley.gateway.domain.model.mailbox.DeliveryCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads and writes delivery cursors. Callers provide the transaction. */
@ApplicationScoped
public class CursorStore {

    @PersistenceContext(unitName = "parley")
    EntityManager entityManager;

    /** The device's cursor of the conversation, locked for writing until the transaction ends. */
    public Optional<DeliveryCursor> lock(String conversationId, String userId, String deviceId) {
        return Optional.ofNullable(entityManager.find(DeliveryCursor.class,
                new DeliveryCursor.Key(conversationId, userId, deviceId), LockModeType.PESSIMISTIC_WRITE));
    }

    public void insert(DeliveryCursor cursor) {
        entityManager.persist(cursor);
        entityManager.flush();
    }

    /** The acknowledged seq of every device that has a cursor of the conversation, by "user_id/device_id". */
    public Map<String, Long> cursorsOfConversation(String conversationId) {
        List<DeliveryCursor> cursors = entityManager.createQuery(
                        "select c from DeliveryCursor c where c.conversationId = :c", DeliveryCursor.class)
                .setParameter("c", conversationId)
                .getResultList();
        return cursors.stream().collect(Collectors.toMap(c -> c.userId() + "/" + c.deviceId(), DeliveryCursor::ackedSeq));
    }

    /** The acknowledged seq of every conversation the device has a cursor of, by conversation id. */
    public Map<String, Long> cursorsOfDevice(String userId, String deviceId) {
        List<DeliveryCursor> cursors = entityManager.createQuery(
                        "select c from DeliveryCursor c where c.userId = :user and c.deviceId = :device", DeliveryCursor.class)
                .setParameter("user", userId)
                .setParameter("device", deviceId)
                .getResultList();
        return cursors.stream().collect(Collectors.toMap(DeliveryCursor::conversationId, DeliveryCursor::ackedSeq));
    }
}
