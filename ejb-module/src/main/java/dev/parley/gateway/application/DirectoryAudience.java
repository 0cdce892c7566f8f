package dev.parley.gateway.application;

import static dev.parley.gateway.domain.model.contact.RelationKind.BLOCKED;
import static dev.parley.gateway.domain.model.contact.RelationKind.CONTACT;
import static dev.parley.gateway.domain.model.contact.RelationKind.REQUESTED;

import dev.parley.gateway.infrastructure.persistence.ConversationStore;
import dev.parley.gateway.infrastructure.persistence.UserRelationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Whose directory entry (identity key and devices, kept by the Authentication Service) a user may read when the
 * realm shows the directory to contacts only. The Authentication Service asks this over HTTP; the gateway is where
 * contacts, requests, blocks and conversations live.
 *
 * <p>A viewer may read an owner's entry when they are the same user, when they take part in a conversation together
 * (members must verify each other's devices, whatever else holds), or, unless the owner blocked the viewer, when
 * they are contacts or the owner asked the viewer to become one (the addressee checks who is asking before
 * accepting). Asking someone does not open their entry to the one who asks.
 */
@ApplicationScoped
public class DirectoryAudience {

    @Inject
    UserRelationStore relations;

    @Inject
    ConversationStore conversations;

    /** Whether {@code viewerId} may read the directory entry of {@code ownerId} under the contacts policy. */
    @Transactional
    public boolean mayRead(String viewerId, String ownerId) {
        if (viewerId.equals(ownerId) || conversations.shareAConversation(viewerId, ownerId)) {
            return true;
        }
        if (relations.exists(ownerId, viewerId, BLOCKED)) {
            return false;
        }
        return relations.exists(ownerId, viewerId, CONTACT) || relations.exists(ownerId, viewerId, REQUESTED);
    }
}
