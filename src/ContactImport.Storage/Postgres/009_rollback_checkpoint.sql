-- A rollback is written in pages, each committing its checkpoint with it (Sql/SqlImportRollback.cs): the last
-- contact id whose deletion (inserted contacts) and restore (updated or merged ones) is done. A killed rollback
-- resumes after them, so no contact is handled twice and its counts stay exact. Null: that phase has not begun.
ALTER TABLE imports ADD COLUMN IF NOT EXISTS rollback_removed_through bigint;
ALTER TABLE imports ADD COLUMN IF NOT EXISTS rollback_restored_through bigint;
