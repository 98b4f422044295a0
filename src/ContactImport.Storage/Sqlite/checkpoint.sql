-- The import's checkpoint, written with the batch that reached it (and put back by a batch's undo).
UPDATE imports
SET rows_consumed = @rows, batches_done = @batches, inserted = @inserted, updated = @updated, merged = @merged,
    unchanged = @unchanged, skipped = @skipped, failed = @failed
WHERE id = @id
