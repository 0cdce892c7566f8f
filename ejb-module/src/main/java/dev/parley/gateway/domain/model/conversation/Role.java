package dev.parley.gateway.domain.model.conversation;

/**
 * A user's role in a conversation. In rooms owners and admins add and remove anyone's devices and members only
 * their own; only owners change roles. Both users of a direct conversation are members and may add and remove the
 * devices of either of them.
 */
public enum Role {
    OWNER, ADMIN, MEMBER;

    /** Whether this role may add or remove devices of other users in a room. */
    public boolean managesOthers() {
        return this != MEMBER;
    }
}
