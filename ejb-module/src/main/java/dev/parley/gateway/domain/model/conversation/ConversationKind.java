package dev.parley.gateway.domain.model.conversation;

/** A direct conversation between two users (exactly one per pair), or a room with roles. */
public enum ConversationKind {
    DM, ROOM
}
