-- Per-device delivery cursors (see MailboxManager): the highest seq of a conversation's log that the device
-- acknowledged. A device without a row starts where its membership starts (conversation_member.joined_seq); the
-- effective cursor is max(acked_seq, joined_seq), so a re-added device does not resume in its old membership.
CREATE TABLE delivery_cursor (
    conversation_id VARCHAR(36) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    device_id VARCHAR(128) NOT NULL,
    acked_seq BIGINT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_delivery_cursor PRIMARY KEY (conversation_id, user_id, device_id),
    CONSTRAINT fk_delivery_cursor FOREIGN KEY (conversation_id) REFERENCES conversation (id)
);
CREATE INDEX ix_delivery_cursor_device ON delivery_cursor (user_id, device_id);

-- The highest seq the retention pruner deleted (MailboxPruner): entries up to it are gone; a device whose cursor
-- lies below it is told history_gap with first_available_seq = pruned_seq + 1.
ALTER TABLE conversation ADD COLUMN pruned_seq BIGINT DEFAULT 0 NOT NULL;
