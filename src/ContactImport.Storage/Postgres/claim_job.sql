-- SKIP LOCKED: concurrent workers each take a different job without waiting on each other. A running
-- job whose lease expired (its worker died) is claimable again: that is the rescue.
UPDATE jobs
SET state = 'running', locked_by = @worker, lease_until = @lease_until, attempts = attempts + 1
WHERE id = (
    SELECT id FROM jobs
    WHERE (state = 'queued' AND run_after <= @now) OR (state = 'running' AND lease_until < @now)
    ORDER BY run_after, id
    FOR UPDATE SKIP LOCKED
    LIMIT 1
)
RETURNING id, kind, import_id, company_id, payload, attempts, max_attempts
