-- The status of an import and the state of a job are lifecycles (ImportStatuses, JobStates): the schema
-- refuses any other value. SQLite cannot add a CHECK to an existing table, so triggers check instead; they
-- fire only when the column is written (the per-batch checkpoint does not write the status). IF NOT EXISTS: a
-- database rewound to an older schema version by hand keeps them.
CREATE TRIGGER IF NOT EXISTS ck_imports_status_insert BEFORE INSERT ON imports
WHEN NEW.status NOT IN ('uploaded', 'validated', 'queued', 'running', 'completed', 'completed_with_errors', 'failed',
    'cancelling', 'cancelled', 'rolling_back', 'rolled_back')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: imports.status');
END;

CREATE TRIGGER IF NOT EXISTS ck_imports_status_update BEFORE UPDATE OF status ON imports
WHEN NEW.status NOT IN ('uploaded', 'validated', 'queued', 'running', 'completed', 'completed_with_errors', 'failed',
    'cancelling', 'cancelled', 'rolling_back', 'rolled_back')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: imports.status');
END;

CREATE TRIGGER IF NOT EXISTS ck_jobs_state_insert BEFORE INSERT ON jobs
WHEN NEW.state NOT IN ('queued', 'running', 'done', 'failed')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: jobs.state');
END;

CREATE TRIGGER IF NOT EXISTS ck_jobs_state_update BEFORE UPDATE OF state ON jobs
WHEN NEW.state NOT IN ('queued', 'running', 'done', 'failed')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: jobs.state');
END;
