package dev.parley.gateway.domain.model.conversation;

/** What a log entry carries: an accepted Commit (PublicMessage), a Welcome for one device, an application message (PrivateMessage). */
public enum EntryKind {
    COMMIT, WELCOME, APPLICATION
}
