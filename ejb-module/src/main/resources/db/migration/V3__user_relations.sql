-- Contacts, contact requests and blocks between realm users (see UserRelation).
-- A contact is two CONTACT rows (one per direction); a request is one REQUESTED row requester -> addressee;
-- a block is one BLOCKED row blocker -> blocked.
CREATE TABLE user_relation (
    from_user_id VARCHAR(64) NOT NULL,
    to_user_id VARCHAR(64) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_user_relation PRIMARY KEY (from_user_id, to_user_id, kind),
    CONSTRAINT ck_user_relation_kind CHECK (kind IN ('REQUESTED', 'CONTACT', 'BLOCKED'))
);
CREATE INDEX ix_user_relation_to ON user_relation (to_user_id, kind);
