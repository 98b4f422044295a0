-- Contact search (issue 15): a trigram index over the searchable text, so a search reads the matching rows instead
-- of every contact of every company. The text is one expression over the schema's searchable fields
-- (Core/Contacts/ContactSchema.cs; phone_e164 too, so "+4917" finds numbers written "0171 …"); the store's query
-- calls the same function, which PostgreSQL inlines, so the planner matches it to the index. A new searchable
-- field needs a migration that replaces the function and rebuilds the index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION ci_contact_search(
    first_name text, last_name text, email text, phone text, phone_e164 text, company text, postal_code text,
    city text, region text, country text, external_id text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' '
    || coalesce(phone, '') || ' ' || coalesce(phone_e164, '') || ' ' || coalesce(company, '') || ' '
    || coalesce(postal_code, '') || ' ' || coalesce(city, '') || ' ' || coalesce(region, '') || ' '
    || coalesce(country, '') || ' ' || coalesce(external_id, '');

CREATE INDEX IF NOT EXISTS ix_contacts_search ON contacts USING gin (
    ci_contact_search(first_name, last_name, email, phone, phone_e164, company, postal_code, city, region, country,
                      external_id) gin_trgm_ops);

-- Lists page a company's contacts in id order (and keyset paging continues after an id): one ordered range of
-- this index instead of a walk of every company's ids.
CREATE INDEX IF NOT EXISTS ix_contacts_company_id ON contacts (company_id, id);
