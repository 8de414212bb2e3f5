-- The number of the writer's last committed transaction. Every transaction sets it; when a COMMIT
-- reports an error, the writer reads it back on a fresh connection to learn whether the commit took
-- effect anyway, so that it never refuses a write that was committed.
ALTER TABLE store_state ADD COLUMN last_transaction BIGINT NOT NULL DEFAULT 0;
