-- Conversations and their per-conversation log (see ConversationLog).
-- A conversation is one MLS group (group_id, hex). last_seq is the log's counter: every appended entry takes
-- the next value in the transaction that stores it, under the row lock of this row (SELECT ... FOR UPDATE), so
-- seqs are gap-free and strictly increasing per conversation. epoch advances by one per accepted commit.
-- dm_key ("<smaller user id>|<larger user id>") makes a direct conversation unique per pair of users.
CREATE TABLE conversation (
    id VARCHAR(36) NOT NULL,
    kind VARCHAR(8) NOT NULL,
    name VARCHAR(255),
    group_id VARCHAR(512) NOT NULL,
    dm_key VARCHAR(130),
    epoch BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    created_by VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_conversation PRIMARY KEY (id),
    CONSTRAINT uq_conversation_group UNIQUE (group_id),
    CONSTRAINT uq_conversation_dm UNIQUE (dm_key),
    CONSTRAINT ck_conversation_kind CHECK (kind IN ('DM', 'ROOM'))
);

-- The users taking part in a conversation and their role (rooms: OWNER, ADMIN, MEMBER; direct: MEMBER).
CREATE TABLE conversation_user (
    conversation_id VARCHAR(36) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    role VARCHAR(8) NOT NULL,
    since TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_conversation_user PRIMARY KEY (conversation_id, user_id),
    CONSTRAINT fk_conversation_user FOREIGN KEY (conversation_id) REFERENCES conversation (id),
    CONSTRAINT ck_conversation_user_role CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER'))
);
CREATE INDEX ix_conversation_user_user ON conversation_user (user_id);

-- The devices of the MLS group: leaf index by RFC 9420's rules, and the part of the log each may read
-- (seq > joined_seq, and seq <= left_seq once removed; left devices keep their row until re-added).
CREATE TABLE conversation_member (
    conversation_id VARCHAR(36) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    device_id VARCHAR(128) NOT NULL,
    leaf_index BIGINT NOT NULL,
    joined_seq BIGINT NOT NULL,
    left_seq BIGINT,
    CONSTRAINT pk_conversation_member PRIMARY KEY (conversation_id, user_id, device_id),
    CONSTRAINT fk_conversation_member FOREIGN KEY (conversation_id) REFERENCES conversation (id)
);
CREATE INDEX ix_conversation_member_device ON conversation_member (user_id, device_id);

-- The log: the opaque MLSMessage bytes of every accepted message, once, by seq. msg_id is the client's
-- idempotency key (unique per conversation); Welcomes carry no msg_id and name their target device.
CREATE TABLE conversation_entry (
    conversation_id VARCHAR(36) NOT NULL,
    seq BIGINT NOT NULL,
    kind VARCHAR(16) NOT NULL,
    msg_id VARCHAR(64),
    epoch BIGINT NOT NULL,
    sender_user_id VARCHAR(64) NOT NULL,
    sender_device_id VARCHAR(128) NOT NULL,
    target_user_id VARCHAR(64),
    target_device_id VARCHAR(128),
    message BYTEA NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_conversation_entry PRIMARY KEY (conversation_id, seq),
    CONSTRAINT uq_conversation_entry_msg UNIQUE (conversation_id, msg_id),
    CONSTRAINT fk_conversation_entry FOREIGN KEY (conversation_id) REFERENCES conversation (id),
    CONSTRAINT ck_conversation_entry_kind CHECK (kind IN ('COMMIT', 'WELCOME', 'APPLICATION'))
);

-- The GroupInfo of every epoch reached by an accepted commit (and of epoch 0 when the creator gave one).
CREATE TABLE group_info (
    conversation_id VARCHAR(36) NOT NULL,
    epoch BIGINT NOT NULL,
    message BYTEA NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_group_info PRIMARY KEY (conversation_id, epoch),
    CONSTRAINT fk_group_info FOREIGN KEY (conversation_id) REFERENCES conversation (id)
);
