-- Where a batch starts: the highest row id of each table it appends to, and the import's checkpoint. Its undo
-- (undo_batch.sql) deletes what lies above the marks and puts the checkpoint back. The batch holds the database's
-- write lock from here on, so every row above a mark is the batch's own.
SELECT (SELECT max(id) FROM contacts), (SELECT max(id) FROM contact_changes), (SELECT max(id) FROM import_errors),
       (SELECT max(rowid) FROM import_batches),
       i.rows_consumed, i.batches_done, i.inserted, i.updated, i.merged, i.unchanged, i.skipped, i.failed,
       i.first_contact_id, i.last_contact_id, i.warnings
FROM (SELECT 1) LEFT JOIN imports i ON i.id = @import
