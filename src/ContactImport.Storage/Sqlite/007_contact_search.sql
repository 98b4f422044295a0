-- Contact search (issue 15): an FTS5 table with the trigram tokenizer (bundled SQLite ≥ 3.34) over the searchable
-- fields (Core/Contacts/ContactSchema.cs; phone_e164 too), rowid = the contact's id, kept in step by triggers, so
-- every writer (import batches, the API, rollbacks) updates it. LIKE '%text%' of three characters or more is
-- answered from the trigram index; shorter patterns scan the search table, never the contacts.
CREATE VIRTUAL TABLE contact_search USING fts5(search, tokenize = 'trigram');

INSERT INTO contact_search (rowid, search)
SELECT id, coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' '
    || coalesce(phone, '') || ' ' || coalesce(phone_e164, '') || ' ' || coalesce(company, '') || ' '
    || coalesce(postal_code, '') || ' ' || coalesce(city, '') || ' ' || coalesce(region, '') || ' '
    || coalesce(country, '') || ' ' || coalesce(external_id, '')
FROM contacts;

CREATE TRIGGER ci_contact_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search (rowid, search)
    VALUES (new.id, coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.email, '')
        || ' ' || coalesce(new.phone, '') || ' ' || coalesce(new.phone_e164, '') || ' ' || coalesce(new.company, '')
        || ' ' || coalesce(new.postal_code, '') || ' ' || coalesce(new.city, '') || ' ' || coalesce(new.region, '')
        || ' ' || coalesce(new.country, '') || ' ' || coalesce(new.external_id, ''));
END;

CREATE TRIGGER ci_contact_search_update AFTER UPDATE OF first_name, last_name, email, phone, phone_e164, company,
    postal_code, city, region, country, external_id ON contacts BEGIN
    DELETE FROM contact_search WHERE rowid = old.id;
    INSERT INTO contact_search (rowid, search)
    VALUES (new.id, coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, '') || ' ' || coalesce(new.email, '')
        || ' ' || coalesce(new.phone, '') || ' ' || coalesce(new.phone_e164, '') || ' ' || coalesce(new.company, '')
        || ' ' || coalesce(new.postal_code, '') || ' ' || coalesce(new.city, '') || ' ' || coalesce(new.region, '')
        || ' ' || coalesce(new.country, '') || ' ' || coalesce(new.external_id, ''));
END;

CREATE TRIGGER ci_contact_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_search WHERE rowid = old.id;
END;

-- As on PostgreSQL: a company's contacts in id order without walking other companies' rows.
CREATE INDEX ix_contacts_company_id ON contacts (company_id, id);
