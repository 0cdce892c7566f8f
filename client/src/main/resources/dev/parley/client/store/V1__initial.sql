-- The local store of one user's device. Secrets are sealed with the store key of keys.json (AES-256-GCM).

-- This state directory's registered device (one row).
CREATE TABLE device (
    id INT PRIMARY KEY CHECK (id = 1),
    realm VARCHAR(255) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    username VARCHAR(255),
    device_id VARCHAR(64) NOT NULL,
    device_key VARCHAR(64) NOT NULL,
    identity_fingerprint VARCHAR(64) NOT NULL,
    label VARCHAR(255),
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE,
    revocation_reason VARCHAR(64)
);

-- KeyPackages this device generated, with their private init and leaf encryption keys (sealed), so that a
-- Welcome naming one can be processed. state: pending (generated, upload not confirmed), uploaded, used.
CREATE TABLE key_package (
    ref VARCHAR(64) PRIMARY KEY,
    message CLOB NOT NULL,
    secrets VARBINARY(4096) NOT NULL,
    last_resort BOOLEAN NOT NULL,
    state VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX key_package_state ON key_package (state, last_resort);

-- Identity keys of other users as first seen: a change is reported loudly.
CREATE TABLE known_identity (
    user_id VARCHAR(64) PRIMARY KEY,
    username VARCHAR(255),
    fingerprint VARCHAR(64) NOT NULL,
    public_key VARCHAR(64) NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE conversation (
    conv_id VARCHAR(128) PRIMARY KEY,
    kind VARCHAR(16) NOT NULL,
    name VARCHAR(255),
    group_id VARBINARY(256),
    epoch BIGINT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE member (
    conv_id VARCHAR(128) NOT NULL REFERENCES conversation (conv_id) ON DELETE CASCADE,
    user_id VARCHAR(64) NOT NULL,
    device_id VARCHAR(64) NOT NULL,
    leaf_index INT,
    PRIMARY KEY (conv_id, user_id, device_id)
);

-- Decrypted messages, in the conversation's order (seq from the gateway's log).
CREATE TABLE message (
    conv_id VARCHAR(128) NOT NULL REFERENCES conversation (conv_id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    msg_id VARCHAR(64) NOT NULL,
    sender_user_id VARCHAR(64) NOT NULL,
    sender_device_id VARCHAR(64) NOT NULL,
    body VARBINARY(1048576) NOT NULL,
    sent_at TIMESTAMP WITH TIME ZONE,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conv_id, seq),
    CONSTRAINT message_msg_id UNIQUE (msg_id)
);

-- Where each stream (e.g. the mailbox, a conversation's log) was last read up to.
CREATE TABLE stream_cursor (
    stream VARCHAR(128) PRIMARY KEY,
    position BIGINT NOT NULL
);

-- Messages sent while offline: flushed on reconnect with the same msg_id.
CREATE TABLE outbox (
    msg_id VARCHAR(64) PRIMARY KEY,
    conv_id VARCHAR(128) NOT NULL,
    body VARBINARY(1048576) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts INT DEFAULT 0 NOT NULL,
    last_error VARCHAR(1024)
);
