-- Contact search (issue 15): one expression over the schema's searchable fields (Core/Contacts/ContactSchema.cs;
-- phone_e164 too, so "+4917" finds numbers written "0171 …"), which the store's query calls. A trigram GIN index over
-- it made a first import 2.2-2.7x slower (bench/RESULTS.md), so it is not built here: the search is answered
-- within the company's rows (ix_contacts_company_id) until an index that the import can afford replaces it.
CREATE OR REPLACE FUNCTION ci_contact_search(
    first_name text, last_name text, email text, phone text, phone_e164 text, company text, postal_code text,
    city text, region text, country text, external_id text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' '
    || coalesce(phone, '') || ' ' || coalesce(phone_e164, '') || ' ' || coalesce(company, '') || ' '
    || coalesce(postal_code, '') || ' ' || coalesce(city, '') || ' ' || coalesce(region, '') || ' '
    || coalesce(country, '') || ' ' || coalesce(external_id, '');

-- Lists page a company's contacts in id order (and keyset paging continues after an id): one ordered range of
-- this index instead of a walk of every company's ids.
CREATE INDEX IF NOT EXISTS ix_contacts_company_id ON contacts (company_id, id);
