-- Conversations as this device takes part in them: state active, removed (a commit removed this device) or left.
ALTER TABLE conversation ADD COLUMN state VARCHAR(16) DEFAULT 'active' NOT NULL;
ALTER TABLE conversation ADD COLUMN peer_user_id VARCHAR(64);
-- The highest log seq this device processed, and the highest it acknowledged to the gateway.
ALTER TABLE conversation ADD COLUMN processed_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE conversation ADD COLUMN acked_seq BIGINT DEFAULT 0 NOT NULL;

-- The MLS group of a conversation (bcmls state, sealed with the store key): the current and the previous epoch,
-- and this device's own commit while the gateway has not accepted it (echo before apply).
CREATE TABLE group_state (
    conv_id VARCHAR(128) PRIMARY KEY REFERENCES conversation (conv_id) ON DELETE CASCADE,
    epoch BIGINT NOT NULL,
    current_state BLOB NOT NULL,
    previous_state BLOB,
    pending_msg_id VARCHAR(64),
    pending_successor BLOB,
    pending_commit BLOB,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Messages are keyed by (conv_id, seq); a msg_id is unique per conversation only. kind: text (a user's message),
-- event (a membership change), undecryptable (kept so that the gap is visible). body is sealed with the store key.
ALTER TABLE message DROP CONSTRAINT message_msg_id;
ALTER TABLE message ADD COLUMN kind VARCHAR(16) DEFAULT 'text' NOT NULL;
CREATE INDEX message_conv_msg_id ON message (conv_id, msg_id);

-- The outbox is flushed in created_at order; body is sealed with the store key.
CREATE INDEX outbox_conv ON outbox (conv_id, created_at);
