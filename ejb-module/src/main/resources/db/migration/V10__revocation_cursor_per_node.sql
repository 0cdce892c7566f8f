-- Every node of a cluster reads the revocation feed itself, because what a revocation must reach lives in each node's
-- memory (cached devices, live connections, presence): one cursor per node, named by jboss.node.name. The row written
-- before this version keeps the name '' and, like every row, marks entries whose effects in the database were applied;
-- a node without a row of its own starts at the furthest row (RevocationCursorStore).
ALTER TABLE revocation_cursor ADD COLUMN node_name VARCHAR(128) DEFAULT '' NOT NULL;
ALTER TABLE revocation_cursor DROP CONSTRAINT pk_revocation_cursor;
ALTER TABLE revocation_cursor ADD CONSTRAINT pk_revocation_cursor PRIMARY KEY (feed, node_name);
