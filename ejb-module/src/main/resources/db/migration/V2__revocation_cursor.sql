-- How far this gateway has read the Authentication Service's revocation feed (RevocationFeedPoller).
-- One row per feed; last_seq only ever grows.
CREATE TABLE revocation_cursor (
    feed VARCHAR(64) NOT NULL,
    last_seq BIGINT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_revocation_cursor PRIMARY KEY (feed)
);
