package dev.parley.client.messaging;

/**
 * A member device of a conversation, checked against the directory: its leaf's signature key must be the device key
 * the user's identity key certified.
 *
 * @param verified the leaf key matches a certified device key of the user
 * @param problem  why not, or null
 */
public record MemberStatus(String userId, String username, String deviceId, long leaf, String role, boolean verified,
                           boolean identityChanged, String problem) {
}
