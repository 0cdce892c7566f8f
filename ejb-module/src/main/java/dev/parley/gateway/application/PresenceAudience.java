package dev.parley.gateway.application;

import static dev.parley.gateway.domain.model.contact.RelationKind.BLOCKED;
import static dev.parley.gateway.domain.model.contact.RelationKind.CONTACT;

import dev.parley.gateway.infrastructure.config.GatewayConfig;
import dev.parley.gateway.infrastructure.config.PresenceVisibility;
import dev.parley.gateway.infrastructure.persistence.UserRelationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may see whose presence. The rule is symmetric, so one question serves both directions: under the
 * {@code contacts} policy two users see each other when they are accepted contacts, under {@code realm} any
 * two users do; a block either way hides each from the other in both. A user always sees themselves.
 */
@ApplicationScoped
public class PresenceAudience {

    @Inject
    UserRelationStore relations;

    @Inject
    GatewayConfig config;

    /** Which of {@code others} and {@code userId} may see each other's presence. */
    @Transactional
    public Set<String> mutuallyVisible(String userId, Collection<String> others) {
        Set<String> candidates = new HashSet<>(others);
        candidates.remove(userId);
        Set<String> visible = new HashSet<>();
        if (!candidates.isEmpty()) {
            visible.addAll(config.presenceVisibility() == PresenceVisibility.CONTACTS
                    ? relations.relatedTo(userId, CONTACT, candidates)
                    : candidates);
            visible.removeAll(relations.relatedTo(userId, BLOCKED, visible));
            visible.removeAll(relations.relatedFrom(userId, BLOCKED, visible));
        }
        if (others.contains(userId)) {
            visible.add(userId);
        }
        return visible;
    }
}
