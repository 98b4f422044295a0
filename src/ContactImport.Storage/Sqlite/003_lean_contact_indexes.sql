-- Every index on contacts is paid for by every imported row (the same change as PostgreSQL's migration 004).

-- 1. Most contacts have no external_id, yet each one put a (company_id, NULL) entry into the unique index. A partial
--    index leaves them out; look-ups say "external_id IS NOT NULL" so that the planner may use it.
DROP INDEX ux_contacts_external_id;
CREATE UNIQUE INDEX ux_contacts_external_id ON contacts (company_id, external_id) WHERE external_id IS NOT NULL;

-- 2. An import's inserted contacts were found by an index on imported_from (36 characters per contact), only ever
--    read by a rollback. The import now keeps the range of ids it inserted, and a rollback walks that range of the
--    rowid filtered by imported_from.
ALTER TABLE imports ADD COLUMN first_contact_id INTEGER;
ALTER TABLE imports ADD COLUMN last_contact_id INTEGER;
UPDATE imports
SET first_contact_id = (SELECT min(id) FROM contacts WHERE imported_from = imports.id),
    last_contact_id = (SELECT max(id) FROM contacts WHERE imported_from = imports.id);
DROP INDEX ix_contacts_imported_from;
