-- update-where (POST /api/contacts/bulk/update-where) keeps what it changed as a change set, which
-- DELETE /api/contacts/bulk/change-sets/{id} undoes. status is a lifecycle (ChangeSetStatuses).
CREATE TABLE change_sets (
    id           TEXT PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id),
    status       TEXT NOT NULL CONSTRAINT ck_change_sets_status CHECK (status IN ('applied', 'undone')),
    request      TEXT NOT NULL,
    matched      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    restored     INTEGER NOT NULL DEFAULT 0,
    conflicts    INTEGER NOT NULL DEFAULT 0,
    created_by   TEXT,
    created_at   INTEGER NOT NULL,
    undone_at    INTEGER
);
CREATE INDEX ix_change_sets_company ON change_sets (company_id, created_at);

-- The before-image of every contact a change set changed, column for column (a new contact field needs its
-- column here too: the undo copies them back by name); version_after is the version the change gave it.
CREATE TABLE change_set_contacts (
    change_set_id  TEXT NOT NULL,
    company_id     INTEGER NOT NULL,
    contact_id     INTEGER NOT NULL,
    version_after  INTEGER NOT NULL,
    outcome        TEXT CONSTRAINT ck_change_set_contacts_outcome CHECK (outcome IN ('restored', 'conflict')),
    external_id    TEXT,
    email          TEXT,
    phone          TEXT,
    phone_e164     TEXT,
    first_name     TEXT,
    last_name      TEXT,
    company        TEXT,
    job_title      TEXT,
    street         TEXT,
    postal_code    TEXT,
    city           TEXT,
    region         TEXT,
    country        TEXT,
    birthday       TEXT,
    website        TEXT,
    notes          TEXT,
    tags           TEXT,
    extra_emails   TEXT,
    extra_phones   TEXT,
    custom_fields  TEXT,
    PRIMARY KEY (change_set_id, contact_id)
);
CREATE INDEX ix_change_set_contacts_contact ON change_set_contacts (contact_id);
