-- The import's checkpoint, written with the batch that reached it (and put back by a batch's undo), with the range
-- of contact ids the import inserted (rollback_inserted.sql).
UPDATE imports
SET rows_consumed = @rows, batches_done = @batches, inserted = @inserted, updated = @updated, merged = @merged,
    unchanged = @unchanged, skipped = @skipped, failed = @failed, first_contact_id = @first, last_contact_id = @last,
    warnings = @warnings
WHERE id = @id
