-- The primary key becomes (company_id, id), and the (company_id, id) index it now is goes: every read and write of a
-- contact names its company (tenancy), so no query looks a contact up by id alone, and each insert and each
-- non-HOT update of a contact touches one index fewer (three instead of four, the phone's hash index aside).
ALTER TABLE contacts DROP CONSTRAINT contacts_pkey;
DROP INDEX IF EXISTS ix_contacts_company_id;
ALTER TABLE contacts ADD CONSTRAINT contacts_pkey PRIMARY KEY (company_id, id);
