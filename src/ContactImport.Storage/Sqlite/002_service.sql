-- The service: users and API keys per company, durable jobs, uploaded files, notifications, audit log.
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (company_id, name)
);

-- Keys are stored as SHA-256 of the secret; the prefix finds the row, the hash proves the secret.
CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL REFERENCES companies (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    prefix        TEXT NOT NULL UNIQUE,
    secret_hash   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    expires_at    INTEGER,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX ix_api_keys_company ON api_keys (company_id);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    import_id    TEXT NOT NULL,
    company_id   INTEGER NOT NULL,
    payload      TEXT,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_after    INTEGER NOT NULL,
    locked_by    TEXT,
    lease_until  INTEGER,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX ix_jobs_claim ON jobs (state, run_after);
CREATE INDEX ix_jobs_import ON jobs (import_id);

-- Uploaded files live in the database in chunks, so any worker on any machine can read them.
CREATE TABLE upload_chunks (
    import_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    data       BLOB NOT NULL,
    PRIMARY KEY (import_id, seq)
);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL,
    import_id   TEXT,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX ix_notifications_company ON notifications (company_id, created_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL,
    user_name   TEXT,
    action      TEXT NOT NULL,
    import_id   TEXT,
    details     TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX ix_audit_company ON audit_log (company_id, at);
