-- Idempotency-Key records of the bulk API (per company): the first response, replayed for 24 h. The body may hold
-- personal data (refs, ids, error messages with values): contact erasure and the 24 h purge remove it.
CREATE TABLE idempotency_keys (
    company_id    bigint NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    state         text NOT NULL,
    status_code   integer,
    content_type  text,
    body          text,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (company_id, key),
    CONSTRAINT ck_idempotency_keys_state CHECK (state IN ('running', 'done'))
);
CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
