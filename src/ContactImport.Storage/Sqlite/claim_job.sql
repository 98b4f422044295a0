-- SQLite has one writer: the claim runs inside BEGIN IMMEDIATE, so select-then-update is atomic.
UPDATE jobs
SET state = 'running', locked_by = @worker, lease_until = @lease_until, attempts = attempts + 1
WHERE id = (
    SELECT id FROM jobs
    WHERE (state = 'queued' AND run_after <= @now) OR (state = 'running' AND lease_until < @now)
    ORDER BY run_after, id
    LIMIT 1
)
RETURNING id, kind, import_id, company_id, payload, attempts, max_attempts
