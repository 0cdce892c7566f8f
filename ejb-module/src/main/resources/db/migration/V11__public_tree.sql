-- Group-state integrity: each epoch's public ratchet tree (RFC 9420 §7, PublicTree.encode, the ratchet_tree
-- extension's encoding), which the gateway computes from the previous epoch's tree and the commit, so that a GroupInfo
-- whose tree_hash is not the one the commit creates is refused (see GroupInfoCheck). NULL for rows kept before this
-- column existed.
ALTER TABLE group_info ADD COLUMN ratchet_tree BYTEA;
