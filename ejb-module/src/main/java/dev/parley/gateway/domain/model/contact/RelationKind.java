package dev.parley.gateway.domain.model.contact;

/** How one user stands to another; see {@link UserRelation}. */
public enum RelationKind {
    /** {@code from} asked {@code to} to become contacts; pending until accepted, declined or cancelled. */
    REQUESTED,
    /** {@code from} and {@code to} are contacts (always stored in both directions). */
    CONTACT,
    /** {@code from} blocked {@code to}. */
    BLOCKED
}
