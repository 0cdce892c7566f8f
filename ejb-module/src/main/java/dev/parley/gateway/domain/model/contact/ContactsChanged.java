package dev.parley.gateway.domain.model.contact;

/**
 * CDI event: the relation between two users changed (they became contacts, stopped being contacts, or one
 * blocked or unblocked the other). Fired inside the changing transaction; observe it after success.
 */
public record ContactsChanged(String userId, String otherUserId) {
}
