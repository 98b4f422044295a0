-- Per connection: the staging table of batch updates, emptied at every commit.
CREATE TEMP TABLE IF NOT EXISTS ci_contact_staging (
    id             bigint NOT NULL,
    external_id    text,
    email          text,
    phone          text,
    phone_e164     text,
    first_name     text,
    last_name      text,
    company        text,
    job_title      text,
    city           text,
    country        text,
    notes          text,
    tags           jsonb,
    extra_emails   jsonb,
    extra_phones   jsonb,
    custom_fields  jsonb,
    version        integer NOT NULL
) ON COMMIT DELETE ROWS
