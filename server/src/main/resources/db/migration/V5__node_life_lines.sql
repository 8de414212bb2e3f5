-- Per node (PostgreSQL only; NULL for a node that holds none): the key of the session-level advisory
-- lock its life-line connection holds, and the database instance it was taken on (its server's start,
-- in microseconds since 1970). A node whose lock is gone from that same instance has ended, whatever
-- its lease says; a lock taken on an instance since restarted or failed over says nothing.
ALTER TABLE cluster_nodes ADD COLUMN life_key BIGINT;
ALTER TABLE cluster_nodes ADD COLUMN life_epoch BIGINT;
