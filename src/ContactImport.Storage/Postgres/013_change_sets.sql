-- update-where (POST /api/contacts/bulk/update-where) keeps what it changed as a change set, which
-- DELETE /api/contacts/bulk/change-sets/{id} undoes. status is a lifecycle (ChangeSetStatuses).
CREATE TABLE change_sets (
    id           uuid PRIMARY KEY,
    company_id   bigint NOT NULL REFERENCES companies (id),
    status       text NOT NULL CONSTRAINT ck_change_sets_status CHECK (status IN ('applied', 'undone')),
    request      text NOT NULL,
    matched      bigint NOT NULL DEFAULT 0,
    updated      bigint NOT NULL DEFAULT 0,
    restored     bigint NOT NULL DEFAULT 0,
    conflicts    bigint NOT NULL DEFAULT 0,
    created_by   text,
    created_at   timestamptz NOT NULL,
    undone_at    timestamptz
);
CREATE INDEX ix_change_sets_company ON change_sets (company_id, created_at);

-- The before-image of every contact a change set changed, column for column (a new contact field needs its
-- column here too: the undo copies them back by name); version_after is the version the change gave it.
CREATE TABLE change_set_contacts (
    change_set_id  uuid NOT NULL,
    company_id     bigint NOT NULL,
    contact_id     bigint NOT NULL,
    version_after  integer NOT NULL,
    outcome        text CONSTRAINT ck_change_set_contacts_outcome CHECK (outcome IN ('restored', 'conflict')),
    external_id    text,
    email          text,
    phone          text,
    phone_e164     text,
    first_name     text,
    last_name      text,
    company        text,
    job_title      text,
    street         text,
    postal_code    text,
    city           text,
    region         text,
    country        text,
    birthday       text,
    website        text,
    notes          text,
    tags           jsonb,
    extra_emails   jsonb,
    extra_phones   jsonb,
    custom_fields  jsonb,
    PRIMARY KEY (change_set_id, contact_id)
);
CREATE INDEX ix_change_set_contacts_contact ON change_set_contacts (contact_id);
