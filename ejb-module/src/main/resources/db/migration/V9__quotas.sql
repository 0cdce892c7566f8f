-- A commit's Welcome, stored once: the Welcome entries of the log (one per added device, readable by that device
-- only) keep an empty message and name the commit's seq in welcome_seq; readers get the bytes from here.
CREATE TABLE commit_welcome (
    conversation_id VARCHAR(36) NOT NULL,
    commit_seq BIGINT NOT NULL,
    message BYTEA NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_commit_welcome PRIMARY KEY (conversation_id, commit_seq),
    CONSTRAINT fk_commit_welcome FOREIGN KEY (conversation_id) REFERENCES conversation (id)
);
ALTER TABLE conversation_entry ADD COLUMN welcome_seq BIGINT;

-- The quota of conversations created per day counts a user's recent creations.
CREATE INDEX ix_conversation_created_by ON conversation (created_by, created_at);
