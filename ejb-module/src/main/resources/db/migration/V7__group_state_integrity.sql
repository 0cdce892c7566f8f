-- Group-state integrity: the interim transcript hash (RFC 9420 §8.2) of every epoch whose GroupInfo was checked
-- against its commit, so that the next commit's GroupInfo can be checked in turn (see GroupInfoCheck). NULL for
-- rows kept before this column existed: it is then computed from that GroupInfo.
ALTER TABLE group_info ADD COLUMN interim_transcript_hash BYTEA;

-- KeyPackage consumption (RFC 9420 §16.8): who claimed a one-time KeyPackage, and when a commit used it. A commit
-- may add a one-time KeyPackage only when its committer's user claimed it and no accepted commit used it before.
ALTER TABLE key_package ADD COLUMN claimed_by_user VARCHAR(64);
ALTER TABLE key_package ADD COLUMN claimed_by_device VARCHAR(128);
ALTER TABLE key_package ADD COLUMN used_at TIMESTAMP WITH TIME ZONE;
