-- Idempotency-Key records of the bulk API (per company): the first response, replayed for 24 h. The body may hold
-- personal data (refs, ids, error messages with values): contact erasure and the 24 h purge remove it.
CREATE TABLE idempotency_keys (
    company_id    INTEGER NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('running', 'done')),
    status_code   INTEGER,
    content_type  TEXT,
    body          TEXT,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (company_id, key)
);
CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
