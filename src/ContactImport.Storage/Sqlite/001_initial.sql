-- Times are Unix milliseconds (INTEGER); ids of imports are TEXT uuids.
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE contacts (
    id             INTEGER PRIMARY KEY,
    company_id     INTEGER NOT NULL REFERENCES companies (id),
    external_id    TEXT,
    email          TEXT,
    phone          TEXT,
    phone_e164     TEXT,
    first_name     TEXT,
    last_name      TEXT,
    company        TEXT,
    job_title      TEXT,
    city           TEXT,
    country        TEXT,
    notes          TEXT,
    tags           TEXT,
    extra_emails   TEXT,
    extra_phones   TEXT,
    custom_fields  TEXT,
    imported_from  TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_contacts_email ON contacts (company_id, email);
CREATE UNIQUE INDEX ux_contacts_external_id ON contacts (company_id, external_id);
CREATE INDEX ix_contacts_phone ON contacts (company_id, phone_e164);
CREATE INDEX ix_contacts_imported_from ON contacts (imported_from) WHERE imported_from IS NOT NULL;

CREATE TABLE imports (
    id                 TEXT PRIMARY KEY,
    company_id         INTEGER NOT NULL REFERENCES companies (id),
    file_name          TEXT NOT NULL,
    size_bytes         INTEGER NOT NULL,
    format             TEXT NOT NULL,
    encoding           TEXT,
    separator          TEXT,
    headers            TEXT,
    mapping            TEXT,
    options            TEXT,
    status             TEXT NOT NULL,
    total              INTEGER NOT NULL DEFAULT 0,
    total_batches      INTEGER NOT NULL DEFAULT 0,
    inserted           INTEGER NOT NULL DEFAULT 0,
    updated            INTEGER NOT NULL DEFAULT 0,
    merged             INTEGER NOT NULL DEFAULT 0,
    unchanged          INTEGER NOT NULL DEFAULT 0,
    skipped            INTEGER NOT NULL DEFAULT 0,
    failed             INTEGER NOT NULL DEFAULT 0,
    rows_consumed      INTEGER NOT NULL DEFAULT 0,
    batches_done       INTEGER NOT NULL DEFAULT 0,
    contacts_removed   INTEGER NOT NULL DEFAULT 0,
    contacts_restored  INTEGER NOT NULL DEFAULT 0,
    conflicts          INTEGER NOT NULL DEFAULT 0,
    conflict_ids       TEXT,
    error              TEXT,
    retry_of           TEXT,
    created_by         TEXT,
    file_path          TEXT,
    created_at         INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    duration_ms        INTEGER,
    deleted_at         INTEGER
);
CREATE INDEX ix_imports_company ON imports (company_id, created_at);

CREATE TABLE import_errors (
    id           INTEGER PRIMARY KEY,
    import_id    TEXT NOT NULL,
    row_number   INTEGER NOT NULL,
    line_number  INTEGER NOT NULL,
    column_name  TEXT,
    value        TEXT,
    reason       TEXT NOT NULL,
    raw          TEXT
);
CREATE INDEX ix_import_errors_import ON import_errors (import_id, row_number);

CREATE TABLE import_batches (
    import_id    TEXT NOT NULL,
    batch        INTEGER NOT NULL,
    rows         INTEGER NOT NULL,
    elapsed_ms   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL
);
CREATE INDEX ix_import_batches_import ON import_batches (import_id, batch);

-- Before-images of contacts an import updated or merged; version_after detects later changes.
CREATE TABLE contact_changes (
    id             INTEGER PRIMARY KEY,
    import_id      TEXT NOT NULL,
    company_id     INTEGER NOT NULL,
    contact_id     INTEGER NOT NULL,
    before         TEXT NOT NULL,
    version_after  INTEGER NOT NULL
);
CREATE INDEX ix_contact_changes_import ON contact_changes (import_id, contact_id);
CREATE INDEX ix_contact_changes_contact ON contact_changes (contact_id);
