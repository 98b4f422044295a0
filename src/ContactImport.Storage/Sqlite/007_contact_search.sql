-- Contact search (issue 15): an FTS5 trigram table kept by triggers made a first import 4x slower (bench/RESULTS.md),
-- so searches scan the company's rows (SqliteDatabase.ContactTextMatch) until an index the import can afford exists.
-- As on PostgreSQL: a company's contacts in id order without walking other companies' rows.
CREATE INDEX ix_contacts_company_id ON contacts (company_id, id);
