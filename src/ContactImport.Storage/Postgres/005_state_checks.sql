-- The status of an import and the state of a job are lifecycles (ImportStatuses, JobStates): the schema
-- refuses any other value. (Dropped first: a database rewound to an older schema version by hand keeps them.)
ALTER TABLE imports DROP CONSTRAINT IF EXISTS ck_imports_status;
ALTER TABLE imports ADD CONSTRAINT ck_imports_status CHECK (status IN (
    'uploaded', 'validated', 'queued', 'running', 'completed', 'completed_with_errors', 'failed',
    'cancelling', 'cancelled', 'rolling_back', 'rolled_back'));

ALTER TABLE jobs DROP CONSTRAINT IF EXISTS ck_jobs_state;
ALTER TABLE jobs ADD CONSTRAINT ck_jobs_state CHECK (state IN ('queued', 'running', 'done', 'failed'));
